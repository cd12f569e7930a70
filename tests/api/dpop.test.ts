// DPoP (RFC 9449) at the token endpoint and at the resources: bound tokens (token_type DPoP,
// cnf.jkt, introspection), codes bound with dpop_jkt, bound refresh tokens for public clients,
// /v1/user and userinfo with `Authorization: DPoP`, the server nonce, partner APIs.
import { decodeJwt } from "jose";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as userinfoRoute } from "@/app/v1/oauth/userinfo/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { GET as userRoute } from "@/app/v1/user/route";
import { GET as intentListRoute } from "@/app/v1/user_intent/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { apiRequest, basicAuth, BASE_URL, createTestClient, formRequest } from "../support/fixtures";
import { answerOf, dpopProof, newKeyPair, type KeyPair } from "../support/fapi-fixtures";
import { createTestUser, introspect, mintCode, pkcePair, type TestUser } from "../support/oauth-fixtures";

let partner: CreatedClient;
let app: CreatedClient;
let user: TestUser;
let key: KeyPair;
const APP_REDIRECT = "com.example.app:/cb";

beforeAll(async () => {
  [partner, app] = await Promise.all([createTestClient(), createTestClient({ type: "public", redirectUris: [APP_REDIRECT] })]);
  user = await createTestUser();
  key = await newKeyPair("ES256");
});

afterEach(() => {
  delete process.env.TRUSTGATE_DPOP_NONCE;
});

function auth(client: CreatedClient): { headers: Record<string, string>; form: Record<string, string> } {
  return client.client_secret ? { headers: { Authorization: basicAuth(client.client_id, client.client_secret) }, form: {} } : { headers: {}, form: { client_id: client.client_id } };
}

async function token(client: CreatedClient, form: Record<string, string>, proof?: string) {
  const a = auth(client);
  return answerOf(await tokenRoute(formRequest("/v1/oauth/token", { ...a.form, ...form }, { headers: { ...a.headers, ...(proof ? { DPoP: proof } : {}) } })));
}

async function codeFor(client: CreatedClient, redirectUri: string, dpopJkt: string | null = null) {
  const { verifier, challenge } = pkcePair();
  const code = await mintCode(client, user, { challenge, redirectUri });
  if (dpopJkt) await db().authorizationCode.updateMany({ where: { clientId: client.client_id, dpopJkt: null, consumedAt: null }, data: { dpopJkt } });
  return { code, verifier };
}

async function resource(handler: (req: Request) => Promise<Response>, path: string, headers: Record<string, string>) {
  return answerOf(await handler(apiRequest(path, { headers })));
}

describe("token endpoint", () => {
  it("dpop-bound-client-credentials: token_type DPoP, cnf.jkt in the token and in introspection", async () => {
    const answer = await token(partner, { grant_type: "client_credentials" }, await dpopProof(key));
    expect(answer.status).toBe(200);
    expect(answer.body.token_type).toBe("DPoP");
    const claims = decodeJwt(answer.body.access_token as string);
    expect(claims.cnf).toEqual({ jkt: key.jkt });
    const seen = await introspect(partner, answer.body.access_token as string);
    expect(seen.body).toMatchObject({ active: true, token_type: "DPoP", cnf: { jkt: key.jkt } });
  });

  it("without a proof, tokens stay Bearer and unbound", async () => {
    const answer = await token(partner, { grant_type: "client_credentials" });
    expect(answer.body.token_type).toBe("Bearer");
    expect(decodeJwt(answer.body.access_token as string).cnf).toBeUndefined();
  });

  it("dpop-jkt-binds-the-code: the code needs a proof with the bound key", async () => {
    const other = await newKeyPair("ES256");
    const bound = await codeFor(partner, partner.redirect_uris[0]!, key.jkt);
    const form = { grant_type: "authorization_code", code: bound.code, redirect_uri: partner.redirect_uris[0]!, code_verifier: bound.verifier };
    expect((await token(partner, form)).body.error).toBe("invalid_grant");
    expect((await token(partner, form, await dpopProof(other))).body.error).toBe("invalid_grant");
    const ok = await token(partner, form, await dpopProof(key));
    expect(ok.status).toBe(200);
    expect(ok.body.token_type).toBe("DPoP");
    // A confidential client's refresh token is bound to its client authentication, not to the key (§5).
    const refreshRow = await db().refreshToken.findFirstOrThrow({ where: { clientId: partner.client_id }, orderBy: { createdAt: "desc" } });
    expect(refreshRow.dpopJkt).toBeNull();
  });

  it("dpop-bound-refresh-token: a public client's refresh token works only with its key", async () => {
    const other = await newKeyPair("EdDSA");
    const { code, verifier } = await codeFor(app, APP_REDIRECT);
    const first = await token(app, { grant_type: "authorization_code", code, redirect_uri: APP_REDIRECT, code_verifier: verifier }, await dpopProof(key));
    expect(first.status).toBe(200);
    const refreshToken = first.body.refresh_token as string;
    expect((await introspect(partner, refreshToken)).body.active).toBe(false);
    const stolen = await token(app, { grant_type: "refresh_token", refresh_token: refreshToken }, await dpopProof(other));
    expect(stolen.body.error).toBe("invalid_grant");
    const bare = await token(app, { grant_type: "refresh_token", refresh_token: refreshToken });
    expect(bare.body.error).toBe("invalid_grant");
    const next = await token(app, { grant_type: "refresh_token", refresh_token: refreshToken }, await dpopProof(key));
    expect(next.status).toBe(200);
    expect(next.body.token_type).toBe("DPoP");
    expect(decodeJwt(next.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
  });

  it("dpop-nonce: with nonces required, a proof without one gets use_dpop_nonce and the nonce to use", async () => {
    process.env.TRUSTGATE_DPOP_NONCE = "true";
    const first = await token(partner, { grant_type: "client_credentials" }, await dpopProof(key));
    expect(first.status).toBe(400);
    expect(first.body.error).toBe("use_dpop_nonce");
    const nonce = first.headers.get("dpop-nonce");
    expect(nonce).toBeTruthy();
    const second = await token(partner, { grant_type: "client_credentials" }, await dpopProof(key, { nonce: nonce! }));
    expect(second.status).toBe(200);
    expect(second.headers.get("dpop-nonce")).toBeTruthy();
    const forged = await token(partner, { grant_type: "client_credentials" }, await dpopProof(key, { nonce: "0.forged" }));
    expect(forged.body.error).toBe("use_dpop_nonce");
  });

  it("discovery lists the DPoP algorithms", async () => {
    const metadata = (await (await discoveryRoute(apiRequest("/.well-known/openid-configuration"))).json()) as Record<string, unknown>;
    expect(metadata.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(["ES256", "PS256", "EdDSA", "RS256"]));
  });
});

describe("resources", () => {
  async function boundUserToken(proofKey: KeyPair): Promise<string> {
    const { code, verifier } = await codeFor(partner, partner.redirect_uris[0]!);
    const answer = await token(partner, { grant_type: "authorization_code", code, redirect_uri: partner.redirect_uris[0]!, code_verifier: verifier }, await dpopProof(proofKey));
    expect(answer.status).toBe(200);
    return answer.body.access_token as string;
  }

  it("dpop-at-v1-user: Authorization: DPoP with a proof over the request and the token", async () => {
    const accessToken = await boundUserToken(key);
    const proof = await dpopProof(key, { htm: "GET", htu: `${BASE_URL}/v1/user`, accessToken });
    const answer = await resource(userRoute, "/v1/user", { Authorization: `DPoP ${accessToken}`, DPoP: proof });
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(user.id);
  });

  it("dpop-at-userinfo, and the same proof cannot be used twice", async () => {
    const accessToken = await boundUserToken(key);
    const proof = await dpopProof(key, { htm: "GET", htu: `${BASE_URL}/v1/oauth/userinfo`, accessToken });
    const ok = await resource(userinfoRoute, "/v1/oauth/userinfo", { Authorization: `DPoP ${accessToken}`, DPoP: proof });
    expect(ok.status).toBe(200);
    expect(ok.body.sub).toBe(user.id);
    const again = await resource(userinfoRoute, "/v1/oauth/userinfo", { Authorization: `DPoP ${accessToken}`, DPoP: proof });
    expect(again.status).toBe(401);
    expect(again.body.error).toBe("invalid_dpop_proof");
    expect(again.headers.get("www-authenticate")).toMatch(/^DPoP /);
  });

  it("dpop-bound-token-as-bearer-refused", async () => {
    const accessToken = await boundUserToken(key);
    const answer = await resource(userRoute, "/v1/user", { Authorization: `Bearer ${accessToken}` });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_token");
    expect(answer.headers.get("www-authenticate")).toMatch(/^DPoP /);
  });

  it("an unbound token presented with the DPoP scheme is refused", async () => {
    const { code, verifier } = await codeFor(partner, partner.redirect_uris[0]!);
    const answer = await token(partner, { grant_type: "authorization_code", code, redirect_uri: partner.redirect_uris[0]!, code_verifier: verifier });
    const accessToken = answer.body.access_token as string;
    const proof = await dpopProof(key, { htm: "GET", htu: `${BASE_URL}/v1/user`, accessToken });
    expect((await resource(userRoute, "/v1/user", { Authorization: `DPoP ${accessToken}`, DPoP: proof })).status).toBe(401);
    expect((await resource(userRoute, "/v1/user", { Authorization: `Bearer ${accessToken}` })).status).toBe(200);
  });

  it("a partner API accepts a DPoP-bound client_credentials token with its proof, and not as Bearer", async () => {
    const answer = await token(partner, { grant_type: "client_credentials" }, await dpopProof(key));
    const accessToken = answer.body.access_token as string;
    const proof = await dpopProof(key, { htm: "GET", htu: `${BASE_URL}/v1/user_intent`, accessToken });
    expect((await resource(intentListRoute, "/v1/user_intent", { Authorization: `DPoP ${accessToken}`, DPoP: proof })).status).toBe(200);
    expect((await resource(intentListRoute, "/v1/user_intent", { Authorization: `Bearer ${accessToken}` })).status).toBe(401);
  });
});
