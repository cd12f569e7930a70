// oidcc-ui-locales: (OP-Req-ui_locales) ui_locales is accepted; "se" is not one of ui_locales_supported (en, es, ar), so the pages follow the browser (Core §3.1.2.1: a preference, not a requirement).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-ui-locales", () => {
  it("completes the authorization and returns a valid ID token", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { ui_locales: "se" });
    expect(tokens.status).toBe(200);
    expect(claims.sub).toEqual(expect.any(String));
  });
});
