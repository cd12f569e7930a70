// oidcc-claims-locales: (OP-Req-claims_locales) claims_locales is accepted (no localized claims are held).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-claims-locales", () => {
  it("completes the authorization and returns a valid ID token", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { claims_locales: "se" });
    expect(tokens.status).toBe(200);
    expect(claims.sub).toEqual(expect.any(String));
  });
});
