import { beforeAll, describe, expect, it } from "vitest";
import { GET as userinfoGet, POST as userinfoPost } from "@/app/v1/oauth/userinfo/route";
import { GET as userRoute } from "@/app/v1/user/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { forgetSigningKeys } from "@/lib/keys/signing-keys";
import { apiRequest, createTestClient } from "../support/fixtures";
import { createTestUser, postToken, revoke, signIn, type TestUser } from "../support/oauth-fixtures";

let partner: CreatedClient;
let user: TestUser;

beforeAll(async () => {
  forgetSigningKeys();
  partner = await createTestClient();
  user = await createTestUser({ email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" });
});

async function call(handler: (req: Request) => Promise<Response>, path: string, token?: string, method = "GET") {
  const response = await handler(apiRequest(path, { method, headers: token ? { Authorization: `Bearer ${token}` } : {} }));
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe("GET /v1/user", () => {
  it("returns the user the access token was issued for, with the fields its scopes release", async () => {
    const stored = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    const openidOnly = await signIn(partner, user, { scope: "openid" });
    const bare = await call(userRoute, "/v1/user", openidOnly.access_token);
    expect(bare.status).toBe(200);
    expect(bare.headers.get("cache-control")).toBe("no-store");
    expect(bare.body).toEqual({ id: user.id, created_at: stored.createdAt.toISOString() });

    const tokens = await signIn(partner, user, { scope: "openid phone email profile verification" });
    const { body } = await call(userRoute, "/v1/user", tokens.access_token);
    expect(body).toEqual({
      id: user.id,
      phone: user.phone,
      email: "ada@example.com",
      first_name: "Ada",
      last_name: "Lovelace",
      status: "approved",
      created_at: stored.createdAt.toISOString(),
      updated_at: (await db().user.findUniqueOrThrow({ where: { id: user.id } })).updatedAt.toISOString(),
    });
  });

  it("still answers for a user under review or suspended, so the partner can see the status", async () => {
    const member = await createTestUser({ status: "retry" });
    const tokens = await signIn(partner, member, { scope: "openid verification" });
    await db().user.update({ where: { id: member.id }, data: { status: "suspended" } });
    expect((await call(userRoute, "/v1/user", tokens.access_token)).body.status).toBe("suspended");
  });

  it.each([
    ["no token", undefined],
    ["a malformed token", "nonsense"],
    ["a token that is not ours", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."],
  ])("answers 401 invalid_token for %s", async (_label, token) => {
    const { status, headers, body } = await call(userRoute, "/v1/user", token);
    expect(status).toBe(401);
    expect(headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    expect(body.error).toBe("invalid_token");
  });

  it("answers 401 for a revoked token", async () => {
    const tokens = await signIn(partner, user);
    await revoke(partner, tokens.access_token);
    expect((await call(userRoute, "/v1/user", tokens.access_token)).status).toBe(401);
  });

  it("answers 403 insufficient_scope for a partner's client_credentials token", async () => {
    const partnerToken = (await postToken(partner, { grant_type: "client_credentials" })).body.access_token;
    const { status, headers, body } = await call(userRoute, "/v1/user", partnerToken);
    expect(status).toBe(403);
    expect(headers.get("www-authenticate")).toBe('Bearer error="insufficient_scope"');
    expect(body.error).toBe("insufficient_scope");
  });

  it("does not accept the token in the query string", async () => {
    const tokens = await signIn(partner, user);
    expect((await call(userRoute, `/v1/user?access_token=${tokens.access_token}`)).status).toBe(401);
  });
});

describe("OpenID Connect UserInfo", () => {
  it("returns sub and the phone claims for the phone scope, by GET and by POST", async () => {
    const tokens = await signIn(partner, user, { scope: "openid phone" });
    const expected = { sub: user.id, phone_number: user.phone, phone_number_verified: true };
    expect((await call(userinfoGet, "/v1/oauth/userinfo", tokens.access_token)).body).toEqual(expected);
    expect((await call(userinfoPost, "/v1/oauth/userinfo", tokens.access_token, "POST")).body).toEqual(expected);
  });

  it("returns only sub for openid alone, and the profile and email claims for those scopes", async () => {
    const bare = await signIn(partner, user, { scope: "openid" });
    expect((await call(userinfoGet, "/v1/oauth/userinfo", bare.access_token)).body).toEqual({ sub: user.id });
    const rich = await signIn(partner, user, { scope: "openid profile email" });
    expect((await call(userinfoGet, "/v1/oauth/userinfo", rich.access_token)).body).toEqual({
      sub: user.id,
      email: "ada@example.com",
      email_verified: false,
      given_name: "Ada",
      family_name: "Lovelace",
      name: "Ada Lovelace",
      updated_at: expect.any(Number),
    });
  });

  it("refuses a token without the openid scope, and a client_credentials token", async () => {
    const oauthOnly = await signIn(partner, user, { scope: "phone" });
    const noOpenid = await call(userinfoGet, "/v1/oauth/userinfo", oauthOnly.access_token);
    expect(noOpenid.status).toBe(403);
    expect(noOpenid.body.error).toBe("insufficient_scope");
    const partnerToken = (await postToken(partner, { grant_type: "client_credentials" })).body.access_token;
    expect((await call(userinfoGet, "/v1/oauth/userinfo", partnerToken)).status).toBe(403);
    expect((await call(userinfoGet, "/v1/oauth/userinfo")).status).toBe(401);
  });
});
