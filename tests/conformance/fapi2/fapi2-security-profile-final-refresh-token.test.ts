// fapi2-security-profile-final-refresh-token — a refresh token from the FAPI flow yields new DPoP-bound tokens (Trustgate rotates refresh tokens: see docs/conformance.md).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ASSERTION_TYPE, clientAssertion, clients, dpopProof, endpoints, newDpopKey, obtainCode, openBrowser, post, redeem, userinfo } from "./fapi-client";

let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

describe("fapi2-security-profile-final-refresh-token", () => {
  it("refreshes with private_key_jwt and a DPoP proof", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client, { dpop: key, params: { scope: "openid phone offline_access" } });
    const tokens = await redeem(client, code, checks.verifier, key);
    expect(tokens.body.refresh_token).toBeTruthy();
    const refreshed = await post(
      endpoints().token,
      { grant_type: "refresh_token", refresh_token: tokens.body.refresh_token as string, client_id: client.client_id, client_assertion_type: CLIENT_ASSERTION_TYPE, client_assertion: await clientAssertion(client) },
      { DPoP: await dpopProof(key, "POST", endpoints().token) },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.token_type).toBe("DPoP");
    expect((await userinfo(refreshed.body.access_token as string, key)).status).toBe(200);
  });
});
