// private_key_jwt client authentication (RFC 7523): inline JWK Sets and jwks_uri (fetched, cached,
// refetched on an unknown kid), the per-client method (no secret once registered), aud rules
// (FAPI 2.0: the issuer only), and the profile checks the CLI and admin page share.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as introspectRoute } from "@/app/v1/oauth/introspect/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { forgetClientJwks } from "@/lib/clients/client-jwks";
import { oauthProfileProblem, updateOAuthProfile } from "@/lib/clients/update-oauth-profile";
import { db } from "@/lib/db";
import { apiRequest, basicAuth, createTestClient, formRequest } from "../support/fixtures";
import { answerOf, assertionForm, clientAssertion, createKeyClient, newKeyPair, TOKEN_ENDPOINT, type FapiClient, type KeyPair } from "../support/fapi-fixtures";

let jwksServer: http.Server;
let served: { keys: unknown[] } = { keys: [] };
let fetches = 0;
let jwksUri: string;

beforeAll(async () => {
  jwksServer = http.createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(served));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  jwksUri = `http://localhost:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
});

afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

async function cc(client: FapiClient, assertion: string, extra: Record<string, string> = {}) {
  return answerOf(await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials", client_id: client.client_id, ...assertionForm(assertion), ...extra })));
}

describe("private_key_jwt", () => {
  it("authenticates with an inline JWK Set (ES256, PS256, EdDSA, RS256)", async () => {
    for (const alg of ["ES256", "PS256", "EdDSA", "RS256"] as const) {
      const client = await createKeyClient({ alg });
      const answer = await cc(client, await clientAssertion(client.client_id, client.key));
      expect(answer.status, alg).toBe(200);
    }
  });

  it("the client_id may be left out: the assertion's sub names the client", async () => {
    const client = await createKeyClient();
    const assertion = await clientAssertion(client.client_id, client.key);
    const answer = await answerOf(await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials", ...assertionForm(assertion) })));
    expect(answer.status).toBe(200);
  });

  it("works at introspection too (same authentication)", async () => {
    const client = await createKeyClient();
    const issued = await cc(client, await clientAssertion(client.client_id, client.key));
    const assertion = await clientAssertion(client.client_id, client.key);
    const seen = await answerOf(await introspectRoute(formRequest("/v1/oauth/introspect", { token: issued.body.access_token as string, client_id: client.client_id, ...assertionForm(assertion) })));
    expect(seen.body.active).toBe(true);
  });

  it("jwks_uri: fetched once, cached, and refetched when the client rotates to a new kid", async () => {
    forgetClientJwks();
    const first: KeyPair = await newKeyPair("ES256", "first");
    served = { keys: [first.publicJwk] };
    const client = await createKeyClient({ jwksUri, key: first });
    fetches = 0;
    expect((await cc(client, await clientAssertion(client.client_id, first))).status).toBe(200);
    expect((await cc(client, await clientAssertion(client.client_id, first))).status).toBe(200);
    expect(fetches).toBe(1);
    const second = await newKeyPair("ES256", "second");
    served = { keys: [first.publicJwk, second.publicJwk] };
    // The cached set lacks "second": one refetch (the rate limit allows the first one after a minute;
    // a fresh cache entry is forgotten here to stand for "a minute later").
    forgetClientJwks();
    expect((await cc(client, await clientAssertion(client.client_id, second))).status).toBe(200);
  });

  it("a client registered for private_key_jwt cannot use its secret any more", async () => {
    const plain = await createTestClient();
    const key = await newKeyPair("ES256");
    await updateOAuthProfile(plain.client_id, { tokenEndpointAuthMethod: "private_key_jwt", jwks: { keys: [key.publicJwk] } }, { type: "cli" });
    const answer = await answerOf(await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials" }, { headers: { Authorization: basicAuth(plain.client_id, plain.client_secret!) } })));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
  });

  it("a client not registered for private_key_jwt cannot use an assertion", async () => {
    const plain = await createTestClient();
    const key = await newKeyPair("ES256");
    const answer = await cc({ ...plain, key }, await clientAssertion(plain.client_id, key));
    expect(answer.status).toBe(401);
  });

  it("aud: the issuer, or for non-FAPI clients also the token endpoint; never anything else", async () => {
    const client = await createKeyClient();
    expect((await cc(client, await clientAssertion(client.client_id, client.key, { aud: TOKEN_ENDPOINT }))).status).toBe(200);
    expect((await cc(client, await clientAssertion(client.client_id, client.key, { aud: [TOKEN_ENDPOINT, "https://other.example"] }))).status).toBe(200);
    expect((await cc(client, await clientAssertion(client.client_id, client.key, { aud: "https://other.example" }))).status).toBe(401);
    const fapi = await createKeyClient({ fapi2: true });
    expect((await cc(fapi, await clientAssertion(fapi.client_id, fapi.key, { aud: TOKEN_ENDPOINT }))).status).toBe(401);
  });

  it("discovery lists private_key_jwt and the assertion algorithms", async () => {
    const metadata = (await (await discoveryRoute(apiRequest("/.well-known/openid-configuration"))).json()) as Record<string, unknown>;
    expect(metadata.token_endpoint_auth_methods_supported).toContain("private_key_jwt");
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(["ES256", "PS256", "EdDSA"]));
  });
});

describe("client profile rules (CLI and admin page)", () => {
  it("refuses combinations that cannot authenticate or that FAPI 2.0 forbids", async () => {
    const key = await newKeyPair("ES256");
    const jwks = { keys: [key.publicJwk] };
    expect(oauthProfileProblem({ type: "confidential", tokenEndpointAuthMethod: "private_key_jwt", jwks: null, jwksUri: null, fapi2: false })).toMatch(/jwks/);
    expect(oauthProfileProblem({ type: "confidential", tokenEndpointAuthMethod: null, jwks: null, jwksUri: null, fapi2: true })).toMatch(/private_key_jwt/);
    expect(oauthProfileProblem({ type: "public", tokenEndpointAuthMethod: null, jwks: null, jwksUri: null, fapi2: true })).toMatch(/confidential/);
    expect(oauthProfileProblem({ type: "confidential", tokenEndpointAuthMethod: "private_key_jwt", jwks: { keys: [{ ...key.publicJwk, d: "secret" }] }, jwksUri: null, fapi2: false })).toMatch(/public/);
    expect(oauthProfileProblem({ type: "confidential", tokenEndpointAuthMethod: "private_key_jwt", jwks, jwksUri: "https://partner.example/jwks", fapi2: false })).toMatch(/not both/);
    expect(oauthProfileProblem({ type: "confidential", tokenEndpointAuthMethod: "private_key_jwt", jwks, jwksUri: null, fapi2: true })).toBeNull();
    const client = await createTestClient();
    await expect(updateOAuthProfile(client.client_id, { fapi2: true }, { type: "cli" })).rejects.toThrow(/private_key_jwt/);
    const row = await db().client.findUniqueOrThrow({ where: { id: client.client_id } });
    expect(row.fapi2).toBe(false);
  });
});
