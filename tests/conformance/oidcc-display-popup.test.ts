// oidcc-display-popup: (OP-display-popup) display=popup is accepted; the hosted pages are responsive, so a popup-sized window shows them as they are.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-display-popup", () => {
  it("completes the authorization and returns a valid ID token", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { display: "popup" });
    expect(tokens.status).toBe(200);
    expect(claims.sub).toEqual(expect.any(String));
  });
});
