// oidcc-ensure-request-without-nonce-succeeds-for-code-flow: (OP-nonce-NoReq-code) the code flow does not require a nonce; the ID token then carries none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-ensure-request-without-nonce-succeeds-for-code-flow", () => {
  it("completes the authorization and returns a valid ID token", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { nonce: null });
    expect(tokens.status).toBe(200);
    expect(claims.sub).toEqual(expect.any(String));
    expect(claims.nonce).toBeUndefined();
  });
});
