// fapi2-security-profile-final-happy-flow — the whole FAPI 2.0 flow: PAR with private_key_jwt and a DPoP proof, the user signs in, the code is redeemed with PKCE and DPoP, the id_token and a DPoP-bound access token are issued and work at userinfo.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients, issuer, newDpopKey, obtainCode, openBrowser, redeem, userinfo } from "./fapi-client";

let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

describe("fapi2-security-profile-final-happy-flow", () => {
  it("signs in and calls userinfo with a DPoP-bound token", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, callback, checks } = await obtainCode(session.page, client, { dpop: key });
    expect(callback.searchParams.get("state")).toBe(checks.state);
    expect(callback.searchParams.get("iss")).toBe(issuer());
    const tokens = await redeem(client, code, checks.verifier, key);
    expect(tokens.status).toBe(200);
    expect(tokens.body.token_type).toBe("DPoP");
    const access = decodeJwt(tokens.body.access_token as string);
    expect(access.cnf).toEqual({ jkt: key.jkt });
    const jwks = createRemoteJWKSet(new URL(`${issuer()}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.body.id_token as string, jwks, { issuer: issuer(), audience: client.client_id });
    expect(payload.nonce).toBe(checks.nonce);
    const info = await userinfo(tokens.body.access_token as string, key);
    expect(info.status).toBe(200);
    expect(info.body.sub).toBe(payload.sub);
    expect(info.body.phone_number).toMatch(/^\+1/);
  });
});
