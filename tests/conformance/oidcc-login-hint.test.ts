// oidcc-login-hint: (OP-Req-login_hint) login_hint is accepted; the user is already signed in, so it changes nothing here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-login-hint", () => {
  it("completes the authorization and returns a valid ID token", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { login_hint: "+14155550123" });
    expect(tokens.status).toBe(200);
    expect(claims.sub).toEqual(expect.any(String));
  });
});
