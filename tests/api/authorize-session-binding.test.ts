// Who may finish an authorize request: a locked phone or a named user cannot be substituted by
// whoever happens to be signed in, and attacker input never turns into a server error.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { POST as createIntentRoute } from "@/app/v1/user_intent/route";
import { createAuthorizationRequest, loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { assessRequest } from "@/lib/authorize/next-step";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { signInWithSmsCode } from "@/lib/sign-in/sms-sign-in";
import { apiRequest, basicAuth, createTestClient, validIntent } from "../support/fixtures";

let partner: CreatedClient;
const PHONE_A = "+14155552601";
const PHONE_B = "+14155552602";

beforeAll(async () => {
  partner = await createTestClient();
});

async function request(overrides: { phone?: string | null; phoneReadOnly?: boolean; expectedUserId?: string | null } = {}) {
  const id = await createAuthorizationRequest({
    clientId: partner.client_id,
    redirectUri: partner.redirect_uris[0]!,
    scope: "openid",
    state: null,
    nonce: null,
    codeChallenge: null,
    codeChallengeMethod: null,
    userIntentId: null,
    expectedUserId: overrides.expectedUserId ?? null,
    phone: overrides.phone ?? null,
    phoneReadOnly: overrides.phoneReadOnly ?? false,
  });
  return (await loadAuthorizationRequest(id))!;
}

describe("session binding of hosted sign-ins", () => {
  it("phone_read_only: a session for another phone must sign in again", async () => {
    const userA = await db().user.create({ data: { phone: PHONE_A, status: "approved" } });
    const session = { id: userA.id, phone: PHONE_A, authMethod: "sms_otp" as const, authTime: Math.floor(Date.now() / 1000) };
    expect((await assessRequest(await request({ phone: PHONE_B, phoneReadOnly: true }), session)).kind).toBe("sign_in");
    expect((await assessRequest(await request({ phone: PHONE_A, phoneReadOnly: true }), session)).kind).toBe("ready");
    expect((await assessRequest(await request({ phone: PHONE_B }), session)).kind).toBe("ready"); // a prefill only
  });

  it("a session whose user changed phone must sign in again", async () => {
    const user = await db().user.create({ data: { phone: "+14155552603", status: "approved" } });
    await db().user.update({ where: { id: user.id }, data: { phone: "+14155552604" } });
    const stale = { id: user.id, phone: "+14155552603", authMethod: "sms_otp" as const, authTime: Math.floor(Date.now() / 1000) };
    expect((await assessRequest(await request(), stale)).kind).toBe("sign_in");
  });

  it("the SMS credential refuses another phone than the locked one or the named user's, before any code is checked", async () => {
    const named = await db().user.create({ data: { phone: "+14155552605" } });
    for (const locked of [await request({ phone: PHONE_B, phoneReadOnly: true }), await request({ expectedUserId: named.id })]) {
      await expect(signInWithSmsCode({ phone: PHONE_A, code: "123456", requestId: locked.id, ip: "203.0.113.1" })).rejects.toThrow("invalid_phone");
    }
    expect(await db().smsCode.count({ where: { phone: PHONE_A } })).toBe(0);
  });
});

describe("control characters are refused, not crashed on", () => {
  it("authorize: a NUL in client_id gets the error page, in state an invalid_request redirect", async () => {
    const page = await authorizeRoute(apiRequest(`/login/oauth/authorize?client_id=%00`));
    expect(page.status).toBe(400);
    expect(page.headers.get("location")).toBeNull();
    const query = new URLSearchParams({ client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, response_type: "code", state: "a\u0000b" });
    const redirect = await authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`));
    expect(redirect.status).toBe(302);
    expect(new URL(redirect.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
  });

  it("token endpoint: NUL in a form field or in Basic credentials", async () => {
    const form = await tokenRoute(apiRequest("/v1/oauth/token", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials&client_id=%00" }));
    expect(form.status).toBe(400);
    expect(((await form.json()) as { error: string }).error).toBe("invalid_request");
    const basic = await tokenRoute(
      apiRequest("/v1/oauth/token", {
        method: "POST",
        headers: { Authorization: `Basic ${Buffer.from("\u0000:x").toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      }),
    );
    expect(basic.status).toBe(401);
  });

  it("JSON APIs: an escaped NUL is a 400 and nothing is stored", async () => {
    const before = await db().userIntent.count();
    const response = await createIntentRoute(
      apiRequest("/v1/user_intent", {
        method: "POST",
        headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!), "Content-Type": "application/json" },
        body: JSON.stringify(validIntent({ first_name: "Ada\u0000" })),
      }),
    );
    expect(response.status).toBe(400);
    expect(await db().userIntent.count()).toBe(before);
  });
});
