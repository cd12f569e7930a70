// fapi2-security-profile-final-ensure-authorization-request-with-long-nonce — a 384-character nonce in the pushed request: the server either refuses it with invalid_request or returns it in the ID token exactly, never corrupted or truncated. Trustgate accepts nonces up to 512 characters.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { createRemoteJWKSet, jwtVerify } from "jose";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients, issuer, newDpopKey, obtainCode, openBrowser, redeem } from "./fapi-client";

let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

describe("fapi2-security-profile-final-ensure-authorization-request-with-long-nonce", () => {
  it("returns the 384-character nonce unchanged in the id_token", async () => {
    const client = clients()[0]!;
    const nonce = randomBytes(288).toString("base64url");
    expect(nonce).toHaveLength(384);
    const key = await newDpopKey();
    const { code, callback, checks } = await obtainCode(session.page, client, { dpop: key, params: { nonce } });
    expect(callback.searchParams.get("state")).toBe(checks.state);
    const tokens = await redeem(client, code, checks.verifier, key);
    expect(tokens.status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${issuer()}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.body.id_token as string, jwks, { issuer: issuer(), audience: client.client_id });
    expect(payload.nonce).toBe(nonce);
  });
});
