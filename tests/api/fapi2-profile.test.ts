// The per-client FAPI 2.0 switch (lib/oauth/fapi2.ts): every rule it turns on, at the step that
// enforces it — PAR only, client authentication by private_key_jwt only, PKCE S256, DPoP-bound
// tokens, FAPI algorithms, code lifetime, `iss` in the response, no other response type.
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import { POST as parRoute } from "@/app/v1/oauth/par/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { successRedirect } from "@/lib/authorize/redirects";
import { AUTHORIZATION_CODE_TTL_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { apiRequest, basicAuth, BASE_URL, formRequest } from "../support/fixtures";
import { answerOf, assertionForm, clientAssertion, createKeyClient, dpopProof, newKeyPair, PAR_ENDPOINT, pushWithAssertion, type FapiClient } from "../support/fapi-fixtures";
import { createTestUser, mintCode, pkcePair, type TestUser } from "../support/oauth-fixtures";

let fapi: FapiClient;
let user: TestUser;

beforeAll(async () => {
  fapi = await createKeyClient({ fapi2: true });
  user = await createTestUser();
});

function params(extra: Record<string, string> = {}) {
  return { response_type: "code", redirect_uri: fapi.redirect_uris[0]!, scope: "openid phone", state: "s", code_challenge: pkcePair().challenge, code_challenge_method: "S256", ...extra };
}

async function token(form: Record<string, string>, proof?: string) {
  const assertion = await clientAssertion(fapi.client_id, fapi.key);
  return answerOf(await tokenRoute(formRequest("/v1/oauth/token", { client_id: fapi.client_id, ...assertionForm(assertion), ...form }, { headers: proof ? { DPoP: proof } : {} })));
}

describe("fapi2 profile", () => {
  it("fapi2-par-required: a plain authorize request is refused", async () => {
    const response = await authorizeRoute(apiRequest(`/login/oauth/authorize?${new URLSearchParams({ client_id: fapi.client_id, ...params() })}`));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("iss")).toBe(BASE_URL);
  });

  it("fapi2-private-key-jwt-only: the client's secret is refused at PAR and token endpoints", async () => {
    const row = await db().client.findUniqueOrThrow({ where: { id: fapi.client_id } });
    expect(row.secretHash).not.toBeNull();
    // Even a correct-looking Basic header (we do not know the secret here: any secret) is refused.
    const par = await answerOf(await parRoute(formRequest("/v1/oauth/par", params(), { headers: { Authorization: basicAuth(fapi.client_id, "tgs_anything") } })));
    expect(par.status).toBe(401);
    const publicStyle = await answerOf(await parRoute(formRequest("/v1/oauth/par", { client_id: fapi.client_id, ...params() })));
    expect(publicStyle.status).toBe(401);
  });

  it("fapi2-pkce-s256-required at PAR", async () => {
    const noPkce: Record<string, string> = params();
    delete noPkce.code_challenge;
    delete noPkce.code_challenge_method;
    expect((await pushWithAssertion(fapi, noPkce)).body.error).toBe("invalid_request");
    expect((await pushWithAssertion(fapi, params({ code_challenge_method: "plain" }))).body.error).toBe("invalid_request");
  });

  it("fapi2-code-flow-only: response_type token or code id_token is refused at PAR", async () => {
    expect((await pushWithAssertion(fapi, params({ response_type: "token" }))).body.error).toBe("unsupported_response_type");
    expect((await pushWithAssertion(fapi, params({ response_type: "code id_token" }))).body.error).toBe("unsupported_response_type");
  });

  it("fapi2-happy-path: PAR with a DPoP proof, authorize with the request_uri, the code bound to the key", async () => {
    const key = await newKeyPair("ES256");
    const pushed = await pushWithAssertion(fapi, params(), { dpop: await dpopProof(key, { htu: PAR_ENDPOINT }) });
    expect(pushed.status).toBe(201);
    const response = await authorizeRoute(apiRequest(`/login/oauth/authorize?${new URLSearchParams({ client_id: fapi.client_id, request_uri: pushed.body.request_uri as string })}`));
    expect(response.status).toBe(302);
    const rid = new URL(response.headers.get("location")!, BASE_URL).searchParams.get("rid")!;
    expect((await db().authorizationRequest.findUniqueOrThrow({ where: { id: rid } })).dpopJkt).toBe(key.jkt);
  });

  it("fapi2-sender-constrained-tokens: the token endpoint requires a DPoP proof", async () => {
    const key = await newKeyPair("PS256");
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(fapi, user, { challenge });
    const form = { grant_type: "authorization_code", code, redirect_uri: fapi.redirect_uris[0]!, code_verifier: verifier };
    const without = await token(form);
    expect(without.status).toBe(400);
    expect(without.body.error).toBe("invalid_request");
    const rs256 = await newKeyPair("RS256");
    expect((await token(form, await dpopProof(rs256))).body.error).toBe("invalid_dpop_proof");
    const ok = await token(form, await dpopProof(key));
    expect(ok.status).toBe(200);
    expect(ok.body.token_type).toBe("DPoP");
    expect(decodeJwt(ok.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
  });

  it("fapi2-code-lifetime-60s and iss in the authorization response (RFC 9207)", async () => {
    expect(AUTHORIZATION_CODE_TTL_S).toBeLessThanOrEqual(60);
    const code = await mintCode(fapi, user, { challenge: pkcePair().challenge });
    const row = await db().authorizationCode.findFirstOrThrow({ where: { clientId: fapi.client_id }, orderBy: { createdAt: "desc" } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(60_000 + 1_000);
    expect(new URL(successRedirect(fapi.redirect_uris[0]!, code, "s")).searchParams.get("iss")).toBe(BASE_URL);
  });
});
