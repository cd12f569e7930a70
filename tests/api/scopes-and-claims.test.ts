// Scopes decide every field a partner sees, on every surface (/v1/user, userinfo, ID token), and
// only with the user's consent for that partner: data a user gave through partner A's intent
// reaches partner B only by consent. verified_claims (OpenID Connect for Identity Assurance) read
// with a real client library (openid-client).
import * as oidc from "openid-client";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as discoveryGet } from "@/app/.well-known/openid-configuration/route";
import { GET as jwksGet } from "@/app/.well-known/jwks.json/route";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import { POST as tokenPost } from "@/app/v1/oauth/token/route";
import { GET as userinfoGet } from "@/app/v1/oauth/userinfo/route";
import { GET as userRoute } from "@/app/v1/user/route";
import { recordConsent } from "@/lib/authorize/consent";
import { ID_TOKEN_CLAIMS, USER_RESOURCE_FIELDS, USERINFO_CLAIMS } from "@/lib/claims/scope-map";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { convertIntentOnSignIn } from "@/lib/intents/convert-intent";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { decodeJwt } from "jose";
import { apiRequest, BASE_URL, createTestClient, validIntent } from "../support/fixtures";
import { createTestUser, mintCode, pkcePair, redeemCode, signIn, type TestUser } from "../support/oauth-fixtures";

let partnerA: CreatedClient;
let partnerB: CreatedClient;
let user: TestUser;

async function read(handler: (req: Request) => Promise<Response>, path: string, token: string): Promise<Record<string, unknown>> {
  const response = await handler(apiRequest(path, { headers: { Authorization: `Bearer ${token}` } }));
  expect(response.status, path).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** What each surface shows for a token with `scope` whose user consented to `consented` for `client`. */
async function surfaces(client: CreatedClient, who: TestUser, scope: string, consented: string[]) {
  await db().consent.deleteMany({ where: { userId: who.id, clientId: client.client_id } });
  const tokens = await signIn(client, who, { scope });
  // signIn records consent for the whole scope, as the consent page does; narrow it to the case under test.
  await db().consent.update({ where: { userId_clientId: { userId: who.id, clientId: client.client_id } }, data: { scopes: consented } });
  const idTokenCode = await mintCode(client, who, { scope });
  await db().consent.update({ where: { userId_clientId: { userId: who.id, clientId: client.client_id } }, data: { scopes: consented } });
  const redeemed = await redeemCode(client, idTokenCode);
  const idToken = redeemed.body.id_token ? decodeJwt(redeemed.body.id_token) : {};
  return {
    user: await read(userRoute, "/v1/user", tokens.access_token),
    userinfo: scope.split(" ").includes("openid") ? await read(userinfoGet, "/v1/oauth/userinfo", tokens.access_token) : {},
    idToken: idToken as Record<string, unknown>,
  };
}

const PROTOCOL_CLAIMS = new Set(["iss", "aud", "exp", "iat", "auth_time", "nonce", "auth_method", "amr", "acr", "sid", "at_hash"]);

beforeAll(async () => {
  partnerA = await createTestClient({ name: "Partner A" });
  partnerB = await createTestClient({ name: "Partner B" });
  // The user comes through partner A's intent: A collected the email, name and phone.
  const phone = "+12025559001";
  const intent = await createUserIntent(partnerA.client_id, createUserIntentInput.parse(validIntent({ phone, email: "grace@example.com", first_name: "Grace", last_name: "Hopper" })), { type: "client", id: partnerA.client_id });
  const { userId } = await db().$transaction((tx) => convertIntentOnSignIn(tx, { intentId: intent.id, clientId: partnerA.client_id, phone }));
  await db().user.update({ where: { id: userId }, data: { status: "approved" } });
  await db().verificationSubmission.create({
    data: { userId, kind: "personal", data: { first_name: "Grace", last_name: "Hopper", date_of_birth: "1906-12-09", address1: "1 Navy Way", address2: "", city: "Arlington", state: "VA", postal_code: "22202" } },
  });
  user = { id: userId, phone };
});

describe("scope × field table", () => {
  // Each scope alone (with openid) releases exactly its own fields, on every surface.
  const SCOPES = ["openid", "phone", "email", "profile", "address", "verification"] as const;

  it.each(SCOPES)("scope %s releases exactly its fields on /v1/user, userinfo and the ID token", async (scope) => {
    const requested = scope === "openid" ? "openid" : `openid ${scope}`;
    const seen = await surfaces(partnerA, user, requested, requested.split(" "));
    const expected = (map: Record<string, string>) =>
      Object.keys(map)
        .filter((field) => map[field] === scope || map[field] === "openid")
        .sort();
    expect(Object.keys(seen.user).sort()).toEqual(expected(USER_RESOURCE_FIELDS));
    expect(Object.keys(seen.userinfo).sort()).toEqual(expected(USERINFO_CLAIMS));
    expect(
      Object.keys(seen.idToken)
        .filter((claim) => !PROTOCOL_CLAIMS.has(claim))
        .sort(),
    ).toEqual(expected(ID_TOKEN_CLAIMS));
  });

  it("a scope in the token but not consented to for this client releases nothing", async () => {
    const seen = await surfaces(partnerA, user, "openid phone email profile address verification", ["openid"]);
    expect(Object.keys(seen.user).sort()).toEqual(["created_at", "id"]);
    expect(seen.userinfo).toEqual({ sub: user.id });
    expect(Object.keys(seen.idToken).filter((claim) => !PROTOCOL_CLAIMS.has(claim))).toEqual(["sub"]);
  });
});

describe("cross-partner-consent", () => {
  it("partner B never sees what partner A collected (email, name) until the user consents to B", async () => {
    // B's token asks for everything, but the user only agreed to openid + phone for B.
    const before = await surfaces(partnerB, user, "openid phone email profile", ["openid", "phone"]);
    expect(before.user).toEqual({ id: user.id, created_at: expect.any(String), phone: user.phone });
    expect(before.userinfo).toEqual({ sub: user.id, phone_number: user.phone, phone_number_verified: true });
    const leaked = JSON.stringify(before);
    for (const secret of ["grace@example.com", "Grace", "Hopper", "Arlington"]) expect(leaked).not.toContain(secret);

    // Once the user consents to email and profile for B, B sees them.
    const after = await surfaces(partnerB, user, "openid phone email profile", ["openid", "phone", "email", "profile"]);
    expect(after.user).toMatchObject({ email: "grace@example.com", first_name: "Grace", last_name: "Hopper" });
    expect(after.userinfo).toMatchObject({ email: "grace@example.com", name: "Grace Hopper" });
  });
});

describe("consent screen and claims parameter", () => {
  it("the claims parameter asking for verified_claims adds the verification scope, which the consent screen lists in plain words", async () => {
    const { challenge } = pkcePair();
    const claims = JSON.stringify({ userinfo: { verified_claims: { verification: { trust_framework: null }, claims: { given_name: null, birthdate: null } } } });
    const query = new URLSearchParams({
      client_id: partnerA.client_id,
      redirect_uri: partnerA.redirect_uris[0]!,
      response_type: "code",
      scope: "openid",
      state: "s",
      code_challenge: challenge,
      code_challenge_method: "S256",
      claims,
    });
    const response = await authorizeRoute(apiRequest(`/login/oauth/authorize?${query}`));
    expect(response.status).toBeLessThan(400);
    const request = await db().authorizationRequest.findFirstOrThrow({ where: { clientId: partnerA.client_id }, orderBy: { createdAt: "desc" } });
    expect(request.scope.split(" ")).toEqual(["openid", "verification"]);
    const { SCOPE_DESCRIPTIONS } = await import("@/lib/authorize/scopes");
    expect(SCOPE_DESCRIPTIONS.verification).toMatch(/identity is verified/);
    expect(SCOPE_DESCRIPTIONS.address).toMatch(/home address/);

    const bad = await authorizeRoute(apiRequest(`/login/oauth/authorize?${new URLSearchParams({ ...Object.fromEntries(query), claims: "[1,2" })}`));
    expect(bad.headers.get("location")).toContain("error=invalid_request");
  });
});

describe("verified_claims with openid-client", () => {
  const ROUTES: Record<string, (req: Request) => Promise<Response>> = {
    "/.well-known/openid-configuration": discoveryGet,
    "/.well-known/jwks.json": jwksGet,
    "/v1/oauth/token": tokenPost,
    "/v1/oauth/userinfo": userinfoGet,
  };
  // openid-client speaks HTTP; here its requests go straight to the route handlers.
  const handlerFetch: oidc.CustomFetch = async (url, options) => {
    const target = new URL(url);
    const handler = ROUTES[target.pathname];
    if (!handler) return new Response("not found", { status: 404 });
    return handler(apiRequest(`${target.pathname}${target.search}`, { method: options.method, headers: options.headers as HeadersInit, body: options.body as BodyInit | undefined }));
  };

  async function viaOpenIdClient(client: CreatedClient, who: TestUser) {
    const config = await oidc.discovery(new URL(BASE_URL), client.client_id, client.client_secret!, undefined, { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: handlerFetch });
    expect(config.serverMetadata()).toMatchObject({ claims_parameter_supported: true, verified_claims_supported: true, trust_frameworks_supported: ["trustgate_review"], evidence_supported: ["document", "electronic_record"] });
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(client, who, { scope: "openid verification", challenge });
    const callback = new URL(`${client.redirect_uris[0]}?code=${encodeURIComponent(code)}&iss=${encodeURIComponent(BASE_URL)}`);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedNonce: "n-0S6_WzA2Mj", idTokenExpected: true });
    const sub = tokens.claims()!.sub;
    return { idToken: tokens.claims()!, userinfo: await oidc.fetchUserInfo(config, tokens.access_token, sub) };
  }

  it("a verified user: trust framework, verification time, evidence and the verified claims", async () => {
    const { idToken, userinfo } = await viaOpenIdClient(partnerA, user);
    const expected = {
      verification: { trust_framework: "trustgate_review", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), evidence: [{ type: "electronic_record" }] },
      claims: { given_name: "Grace", family_name: "Hopper", birthdate: "1906-12-09", address: expect.objectContaining({ locality: "Arlington", region: "VA", postal_code: "22202", country: "US" }) },
    };
    expect(userinfo.verified_claims).toEqual(expected);
    expect(idToken.verified_claims).toEqual(expected);
    expect(userinfo.email).toBeUndefined(); // verification does not release the email
  });

  it("an unverified user has no verified_claims", async () => {
    const pending = await createTestUser({ status: "pending", firstName: "Alan", lastName: "Turing" });
    const { idToken, userinfo } = await viaOpenIdClient(partnerA, pending);
    expect(userinfo.verified_claims).toBeUndefined();
    expect(idToken.verified_claims).toBeUndefined();
    expect(userinfo.sub).toBe(pending.id);
  });

  it("consenting to verification for one partner does not release it to another", async () => {
    await recordConsent(user.id, partnerB.client_id, ["openid"]);
    const seen = await surfaces(partnerB, user, "openid verification", ["openid"]);
    expect(seen.userinfo).toEqual({ sub: user.id });
  });
});
