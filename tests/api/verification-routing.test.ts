// Where /verify/* links and the authorize flow send a user: the partner's client_id and
// redirect_uri are checked like on authorize (an error page, never a redirect), retry users go to
// their details form (business intents to the business one), document users to the upload, and a
// standalone verification link can never be turned into an authorization code.
import { beforeAll, describe, expect, it } from "vitest";
import { createAuthorizationRequest, loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { assessRequest, finishWithCode, nextStep } from "@/lib/authorize/next-step";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import type { UserStatus } from "@/lib/db/generated/enums";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import { verifyPageEntry } from "@/lib/verification/page-entry";
import { locationAfterSubmit } from "@/lib/verification/verification-step";
import { submitPersonalVerification } from "@/lib/verification/submit";
import { createTestClient, uniqueEmail, validIntent } from "../support/fixtures";

let partner: CreatedClient;
let phoneCounter = 0;

beforeAll(async () => {
  partner = await createTestClient();
});

function nextPhone(): string {
  phoneCounter += 1;
  return `+1415555${String(5000 + phoneCounter).padStart(4, "0")}`;
}

function sessionOf(user: { id: string; phone: string }) {
  return { id: user.id, phone: user.phone, authMethod: "sms_otp" as const, authTime: Math.floor(Date.now() / 1000) };
}

async function authorizeRequest(userIntentId: string | null = null) {
  const id = await createAuthorizationRequest({
    clientId: partner.client_id,
    redirectUri: partner.redirect_uris[0]!,
    scope: "openid",
    state: "st",
    nonce: null,
    codeChallenge: null,
    codeChallengeMethod: null,
    userIntentId,
    expectedUserId: null,
    phone: null,
    phoneReadOnly: false,
  });
  return (await loadAuthorizationRequest(id))!;
}

/** A user created through a UserIntent of this type and status, as the hosted sign-in does. */
async function userFromIntent(type: "personal" | "business", status: UserStatus) {
  const phone = nextPhone();
  const intent = await createUserIntent(partner.client_id, createUserIntentInput.parse(validIntent({ email: uniqueEmail(), phone, type })), { type: "cli" });
  if (status !== "pending") await setUserIntentStatus(intent.id, status, "test", { type: "cli" });
  const { userId } = await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: intent.id, clientId: partner.client_id, phone }));
  return { user: await db().user.findUniqueOrThrow({ where: { id: userId } }), intentId: intent.id };
}

const noSession = async () => null;

describe("standalone /verify/* links", () => {
  it("unknown client, unregistered or missing redirect_uri, repeated parameters: an error page, never a redirect", async () => {
    const cases: Record<string, string>[] = [
      { client_id: "nope", redirect_uri: partner.redirect_uris[0]! },
      { client_id: partner.client_id, redirect_uri: "https://evil.example/callback" },
      { client_id: partner.client_id },
      { redirect_uri: partner.redirect_uris[0]! },
      { client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, state: "x".repeat(600) },
    ];
    for (const params of cases) {
      const entry = await verifyPageEntry("personal", params, noSession);
      expect(entry.kind, JSON.stringify(params)).toBe("error_page");
    }
    const repeated = await verifyPageEntry("personal", { client_id: [partner.client_id, "other"], redirect_uri: partner.redirect_uris[0]! }, noSession);
    expect(repeated.kind).toBe("error_page");
  });

  it("a valid link stores the request and sends the visitor to sign in; signed in, the form comes back", async () => {
    const entry = await verifyPageEntry("business", { client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]!, state: "abc" }, noSession);
    expect(entry.kind).toBe("go");
    const rid = new URL((entry as { location: string }).location, "http://x").searchParams.get("rid")!;
    const request = (await loadAuthorizationRequest(rid))!;
    expect(request).toMatchObject({ verifyForm: "business", state: "abc", redirectUri: partner.redirect_uris[0], scope: "" });
    expect(await nextStep(request, null)).toEqual({ kind: "sign_in" });

    const user = await db().user.create({ data: { phone: nextPhone(), status: "retry" } });
    const step = await nextStep(request, sessionOf(user));
    expect(step).toMatchObject({ kind: "verify", form: "business" });
    const page = await verifyPageEntry("business", { rid }, async () => sessionOf(user));
    expect(page.kind).toBe("form");
    // The personal page of the same request sends the user to the form the link named.
    expect(await verifyPageEntry("personal", { rid }, async () => sessionOf(user))).toEqual({ kind: "go", location: `/verify/business?rid=${rid}` });
  });

  it("a user who has nothing to submit is told so, with a way back to the partner", async () => {
    const entry = await verifyPageEntry("personal", { client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]! }, noSession);
    const rid = new URL((entry as { location: string }).location, "http://x").searchParams.get("rid")!;
    const approved = await db().user.create({ data: { phone: nextPhone(), status: "approved" } });
    const page = await verifyPageEntry("personal", { rid }, async () => sessionOf(approved));
    expect(page).toMatchObject({ kind: "not_available", returnUrl: partner.redirect_uris[0] });
  });

  it("rejected and suspended users following a verification link reach the terminal screen, not the form", async () => {
    for (const status of ["rejected", "suspended"] as const) {
      const entry = await verifyPageEntry("personal", { client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]! }, noSession);
      const rid = new URL((entry as { location: string }).location, "http://x").searchParams.get("rid")!;
      const user = await db().user.create({ data: { phone: nextPhone(), status } });
      expect(await verifyPageEntry("personal", { rid }, async () => sessionOf(user))).toEqual({ kind: "go", location: `/login/continue?rid=${rid}` });
      expect(await nextStep((await loadAuthorizationRequest(rid))!, sessionOf(user))).toMatchObject({ kind: "blocked" });
    }
  });

  it("a standalone verification request never yields an authorization code", async () => {
    const entry = await verifyPageEntry("personal", { client_id: partner.client_id, redirect_uri: partner.redirect_uris[0]! }, noSession);
    const rid = new URL((entry as { location: string }).location, "http://x").searchParams.get("rid")!;
    const approved = await db().user.create({ data: { phone: nextPhone(), status: "approved" } });
    const request = (await loadAuthorizationRequest(rid))!;
    expect(await finishWithCode(request, sessionOf(approved))).toEqual({ kind: "expired" });
    expect(await db().authorizationCode.count({ where: { userId: approved.id } })).toBe(0);
    expect((await assessRequest(request, sessionOf(approved))).kind).toBe("verify");
  });
});

describe("authorize flow routing (SPEC status table)", () => {
  it("retry → /verify/personal, retry with a business intent → /verify/business, document → /verify/document", async () => {
    for (const [type, status, form] of [
      ["personal", "retry", "personal"],
      ["business", "retry", "business"],
      ["personal", "document", "document"],
      ["business", "document", "document"],
    ] as const) {
      const { user, intentId } = await userFromIntent(type, status);
      expect(await nextStep(await authorizeRequest(intentId), sessionOf(user))).toMatchObject({ kind: "verify", form });
      // Without user_intent_id the user's latest intent decides.
      expect(await nextStep(await authorizeRequest(), sessionOf(user))).toMatchObject({ kind: "verify", form });
    }
  });

  it("after the form the user goes on to consent, and the partner can get its code", async () => {
    const { user, intentId } = await userFromIntent("personal", "retry");
    const request = await authorizeRequest(intentId);
    const submitted = await submitPersonalVerification(
      { userId: user.id, clientId: partner.client_id },
      { first_name: "Ada", last_name: "Lovelace", date_of_birth: "1990-12-10", ssn: "123-45-6789", address1: "1 Main St", city: "Austin", state: "TX", postal_code: "73301" },
    );
    expect(submitted.ok).toBe(true);
    expect(await locationAfterSubmit(request, sessionOf(user))).toBe(`/login/consent?rid=${request.id}`);
    const granted = await finishWithCode(request, sessionOf(user));
    expect(granted.kind).toBe("redirect");
    expect(new URL((granted as { location: string }).location).searchParams.get("code")).toBeTruthy();
  });
});
