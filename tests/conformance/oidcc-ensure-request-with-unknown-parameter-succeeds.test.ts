// oidcc-ensure-request-with-unknown-parameter-succeeds: (OP-Req-NotUnderstood) an unknown parameter is ignored (RFC 6749 §3.1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-ensure-request-with-unknown-parameter-succeeds", () => {
  it("completes the authorization and returns a valid ID token", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { extra_parameter: "ignored-by-the-op" });
    expect(tokens.status).toBe(200);
    expect(claims.sub).toEqual(expect.any(String));
  });
});
