// Pushed authorization requests (RFC 9126): the same checks as authorize, a one-time request_uri
// (≤60 s, bound to the client), require_pushed_authorization_requests per client and globally,
// DPoP binding at the PAR endpoint (RFC 9449 §10).
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { GET as authorizeRoute } from "@/app/login/oauth/authorize/route";
import { POST as parRoute } from "@/app/v1/oauth/par/route";
import { updateOAuthProfile } from "@/lib/clients/update-oauth-profile";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { apiRequest, basicAuth, BASE_URL, createTestClient, formRequest } from "../support/fixtures";
import { answerOf, dpopProof, newKeyPair, PAR_ENDPOINT } from "../support/fapi-fixtures";
import { pkcePair } from "../support/oauth-fixtures";

let partner: CreatedClient;
let other: CreatedClient;
let app: CreatedClient;
const APP_REDIRECT = "com.example.app:/cb";

beforeAll(async () => {
  [partner, other, app] = await Promise.all([createTestClient(), createTestClient(), createTestClient({ type: "public", redirectUris: [APP_REDIRECT] })]);
});

afterEach(() => {
  delete process.env.TRUSTGATE_REQUIRE_PAR;
});

function push(client: CreatedClient, params: Record<string, string>, headers: Record<string, string> = {}) {
  const auth: Record<string, string> = client.client_secret ? { Authorization: basicAuth(client.client_id, client.client_secret) } : {};
  const form = client.client_secret ? params : { client_id: client.client_id, ...params };
  return parRoute(formRequest("/v1/oauth/par", form, { headers: { ...auth, ...headers } })).then(answerOf);
}

function authorize(query: Record<string, string>) {
  return authorizeRoute(apiRequest(`/login/oauth/authorize?${new URLSearchParams(query)}`));
}

// A GET without a session goes straight to the phone page (the first step of the sign-in).
const started = (response: Response) => response.status === 302 && /^\/login\?rid=/.test(response.headers.get("location") ?? "");

function requestParams(client: CreatedClient, extra: Record<string, string> = {}) {
  return { response_type: "code", redirect_uri: client.redirect_uris[0]!, scope: "openid phone", state: "st-1", nonce: "n-1", code_challenge: pkcePair().challenge, code_challenge_method: "S256", ...extra };
}

async function ridOf(response: Response) {
  return new URL(response.headers.get("location")!, BASE_URL).searchParams.get("rid")!;
}

describe("POST /v1/oauth/par", () => {
  it("par-returns-request-uri: 201 with a urn request_uri and expires_in ≤60", async () => {
    const answer = await push(partner, requestParams(partner));
    expect(answer.status).toBe(201);
    expect(answer.body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{40,}$/);
    expect(answer.body.expires_in).toBeLessThanOrEqual(60);
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });

  it("the authorize endpoint starts exactly the pushed request (other query parameters are not used)", async () => {
    const { body } = await push(partner, requestParams(partner, { state: "pushed-state" }));
    const response = await authorize({ client_id: partner.client_id, request_uri: body.request_uri as string, state: "query-state", scope: "openid email" });
    expect(started(response)).toBe(true);
    const request = await db().authorizationRequest.findUniqueOrThrow({ where: { id: await ridOf(response) } });
    expect(request).toMatchObject({ clientId: partner.client_id, state: "pushed-state", scope: "openid phone", redirectUri: partner.redirect_uris[0], codeChallengeMethod: "S256" });
  });

  it("ui_locales pushed with the request picks the language of the sign-in's pages, as on a plain authorize; the query's is not used", async () => {
    const { body } = await push(partner, requestParams(partner, { ui_locales: "fr-CA ar" }));
    const response = await authorizeRoute(
      apiRequest(`/login/oauth/authorize?${new URLSearchParams({ client_id: partner.client_id, request_uri: body.request_uri as string, ui_locales: "es" })}`, { headers: { "accept-language": "en" } }),
    );
    expect(started(response)).toBe(true);
    expect(response.headers.get("set-cookie")?.split(";")[0]).toBe("tg_locale=ar");
    // Pushed without one: the query's ui_locales does not count (RFC 9126 §4); nothing remembered, no cookie.
    const plain = await push(partner, requestParams(partner));
    const noLanguage = await authorize({ client_id: partner.client_id, request_uri: plain.body.request_uri as string, ui_locales: "es" });
    expect(started(noLanguage)).toBe(true);
    expect(noLanguage.headers.get("set-cookie")).toBeNull();
  });

  it("par-request-uri-single-use", async () => {
    const { body } = await push(partner, requestParams(partner));
    expect(started(await authorize({ client_id: partner.client_id, request_uri: body.request_uri as string }))).toBe(true);
    const again = await authorize({ client_id: partner.client_id, request_uri: body.request_uri as string });
    expect(again.status).toBe(400);
    expect(await again.text()).toMatch(/expired/i);
  });

  it("par-request-uri-bound-to-client", async () => {
    const { body } = await push(partner, requestParams(partner));
    expect((await authorize({ client_id: other.client_id, request_uri: body.request_uri as string })).status).toBe(400);
    // The other client's attempt did not spend it.
    expect(started(await authorize({ client_id: partner.client_id, request_uri: body.request_uri as string }))).toBe(true);
  });

  it("par-request-uri-expires", async () => {
    const { body } = await push(partner, requestParams(partner));
    await db().pushedAuthorizationRequest.updateMany({ where: { clientId: partner.client_id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await authorize({ client_id: partner.client_id, request_uri: body.request_uri as string })).status).toBe(400);
  });

  it("par-request-uri-race: 20 parallel authorize requests with one request_uri start exactly one request", async () => {
    const { body } = await push(partner, requestParams(partner));
    const responses = await Promise.all(Array.from({ length: 20 }, () => authorize({ client_id: partner.client_id, request_uri: body.request_uri as string })));
    expect(responses.filter(started)).toHaveLength(1);
    expect(responses.filter((response) => response.status === 400)).toHaveLength(19);
  });

  it("validates like the authorize endpoint, answering JSON errors", async () => {
    expect((await push(partner, requestParams(partner, { redirect_uri: "https://evil.example/cb" }))).body.error).toBe("invalid_request");
    const noRedirect: Record<string, string> = requestParams(partner);
    delete noRedirect.redirect_uri;
    expect((await push(partner, noRedirect)).body.error).toBe("invalid_request");
    expect((await push(partner, requestParams(partner, { response_type: "token" }))).body.error).toBe("unsupported_response_type");
    expect((await push(partner, requestParams(partner, { scope: "openid admin" }))).body.error).toBe("invalid_scope");
    expect((await push(partner, requestParams(partner, { code_challenge_method: "plain" }))).body.error).toBe("invalid_request");
    expect((await push(partner, requestParams(partner, { request_uri: "urn:ietf:params:oauth:request_uri:x" }))).body.error).toBe("invalid_request");
    const noPkce: Record<string, string> = requestParams(app, { redirect_uri: APP_REDIRECT });
    delete noPkce.code_challenge;
    delete noPkce.code_challenge_method;
    expect((await push(app, noPkce)).body.error).toBe("invalid_request");
  });

  it("par-requires-client-authentication", async () => {
    const answer = await answerOf(await parRoute(formRequest("/v1/oauth/par", { client_id: partner.client_id, ...requestParams(partner) }, { headers: { Authorization: basicAuth(partner.client_id, "wrong-secret") } })));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
    // A confidential client cannot pass as a public one with its client_id alone.
    expect((await answerOf(await parRoute(formRequest("/v1/oauth/par", { client_id: partner.client_id, ...requestParams(partner) })))).status).toBe(401);
  });

  it("par-dpop-binds-the-code: the proof's key is stored; a different dpop_jkt is refused", async () => {
    const key = await newKeyPair("ES256");
    const mismatch = await push(partner, requestParams(partner, { dpop_jkt: (await newKeyPair("ES256")).jkt }), { DPoP: await dpopProof(key, { htu: PAR_ENDPOINT }) });
    expect(mismatch.body.error).toBe("invalid_dpop_proof");
    const { body } = await push(partner, requestParams(partner), { DPoP: await dpopProof(key, { htu: PAR_ENDPOINT }) });
    const response = await authorize({ client_id: partner.client_id, request_uri: body.request_uri as string });
    const request = await db().authorizationRequest.findUniqueOrThrow({ where: { id: await ridOf(response) } });
    expect(request.dpopJkt).toBe(key.jkt);
  });

  it("require-par-per-client and globally: a plain authorize request is refused with invalid_request", async () => {
    const client = await createTestClient();
    await updateOAuthProfile(client.client_id, { requirePushedAuthorizationRequests: true }, { type: "cli" });
    const plain = await authorize({ client_id: client.client_id, ...requestParams(client) });
    expect(plain.status).toBe(302);
    expect(new URL(plain.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
    expect(started(await authorize({ client_id: partner.client_id, ...requestParams(partner) }))).toBe(true);
    process.env.TRUSTGATE_REQUIRE_PAR = "true";
    const global = await authorize({ client_id: partner.client_id, ...requestParams(partner) });
    expect(new URL(global.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");
    const metadata = (await (await discoveryRoute(apiRequest("/.well-known/openid-configuration"))).json()) as Record<string, unknown>;
    expect(metadata.require_pushed_authorization_requests).toBe(true);
    expect(metadata.pushed_authorization_request_endpoint).toBe(`${BASE_URL}/v1/oauth/par`);
  });
});
