// fapi2-security-profile-final-par-without-duplicate-parameters — after PAR the browser is sent to the authorization endpoint with client_id and request_uri ONLY (RFC 9101 §5, RFC 9126 §4: nothing of the pushed request repeated), and the whole flow must succeed: code, DPoP-bound tokens, userinfo.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeUrl, clients, issuer, newDpopKey, openBrowser, push, redeem, signIn, userinfo } from "./fapi-client";

let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

describe("fapi2-security-profile-final-par-without-duplicate-parameters", () => {
  it("signs in from client_id and request_uri alone", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { answer, checks } = await push(client, { dpop: key });
    expect(answer.status).toBe(201);
    expect([...new URL(authorizeUrl(client, answer.body.request_uri as string)).searchParams.keys()]).toEqual(["client_id", "request_uri"]);
    const callback = await signIn(session.page, client, answer.body.request_uri as string);
    expect(callback.searchParams.get("state")).toBe(checks.state);
    expect(callback.searchParams.get("iss")).toBe(issuer());
    const tokens = await redeem(client, callback.searchParams.get("code")!, checks.verifier, key);
    expect(tokens.status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${issuer()}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.body.id_token as string, jwks, { issuer: issuer(), audience: client.client_id });
    expect(payload.nonce).toBe(checks.nonce);
    expect((await userinfo(tokens.body.access_token as string, key)).status).toBe(200);
  });
});
