// oidcc-ensure-request-with-valid-pkce-succeeds: a request with an S256 code_challenge completes when
// the right code_verifier is sent; a wrong verifier is invalid_grant (RFC 7636 §4.6).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationRequest, authorizeInBrowser, codeFlow, codeFrom, conformance, pkce, redeemCode, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-ensure-request-with-valid-pkce-succeeds", () => {
  it("accepts the matching verifier and refuses another", async () => {
    const env = conformance();
    const good = pkce();
    const { tokens } = await codeFlow(session.page, env.rp, { code_challenge: good.challenge, code_challenge_method: "S256" }, { verifier: good.verifier });
    expect(tokens.status).toBe(200);

    const request = authorizationRequest(env.rp, { code_challenge: pkce().challenge, code_challenge_method: "S256" });
    const code = codeFrom(await authorizeInBrowser(session.page, request), request);
    const wrong = await redeemCode(env.rp, code, { code_verifier: pkce().verifier });
    expect(wrong.body.error).toBe("invalid_grant");
  });
});
