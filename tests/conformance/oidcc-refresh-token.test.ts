// oidcc-refresh-token: offline_access yields a refresh token; refreshing returns a new access token
// (and a rotated refresh token), a new ID token with the same sub and no nonce (Core §12.2), and the
// refresh token of one client is refused for another.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkIdToken, codeFlow, conformance, signedInPage, tokenRequest, userinfo, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-refresh-token", () => {
  it("refreshes, rotates, and refuses the token for another client", async () => {
    const env = conformance();
    const { tokens, claims } = await codeFlow(session.page, env.rp, { scope: "openid offline_access" });
    expect(tokens.body.refresh_token).toEqual(expect.any(String));
    const refreshed = await tokenRequest(env.rp, { grant_type: "refresh_token", refresh_token: tokens.body.refresh_token! });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.body.refresh_token);
    const idClaims = await checkIdToken(refreshed.body.id_token!, env.rp, { nonce: null, accessToken: refreshed.body.access_token });
    expect(idClaims.sub).toBe(claims.sub);
    expect((await userinfo(refreshed.body.access_token!)).status).toBe(200);
    const stolen = await tokenRequest(env.rpEs256, { grant_type: "refresh_token", refresh_token: refreshed.body.refresh_token! });
    expect(stolen.body.error).toBe("invalid_grant");
  });
});
