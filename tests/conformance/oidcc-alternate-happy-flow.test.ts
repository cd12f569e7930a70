// oidcc-alternate-happy-flow: the happy flow of oidcc-scope-email with the scope values in reverse
// order and the authorization request's query parameters in reverse alphabetical order (RFC 6749
// §3.3: the order of scope values does not matter; nor does the order of parameters). The current
// suite's plan has this module where older ones had oidcc-ensure-other-scope-order-succeeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationRequest, authorizeInBrowser, checkIdToken, codeFrom, conformance, redeemCode, signedInPage, userinfo, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-alternate-happy-flow", () => {
  it("completes with reversed scope order and reordered parameters", async () => {
    const env = conformance();
    const request = authorizationRequest(env.rp, { scope: "email openid" });
    const reordered = [...request.params].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
    request.params = new URLSearchParams(reordered);
    expect([...request.params.keys()][0]).toBe("state");
    const code = codeFrom(await authorizeInBrowser(session.page, request), request);
    const tokens = await redeemCode(env.rp, code);
    expect(tokens.status).toBe(200);
    expect(String(tokens.body.scope).split(" ").sort()).toEqual(["email", "openid"]);
    const claims = await checkIdToken(tokens.body.id_token!, env.rp, { nonce: request.nonce, accessToken: tokens.body.access_token });
    const info = await userinfo(tokens.body.access_token!);
    expect(info.status).toBe(200);
    expect(info.body.sub).toBe(claims.sub);
    expect(info.body).not.toHaveProperty("phone_number");
  });
});
