// oidcc-display-page: (OP-display-page) display=page is accepted (OpenID Connect Core §3.1.2.1: the hosted pages are full pages anyway).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-display-page", () => {
  it("completes the authorization and returns a valid ID token", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { display: "page" });
    expect(tokens.status).toBe(200);
    expect(claims.sub).toEqual(expect.any(String));
  });
});
