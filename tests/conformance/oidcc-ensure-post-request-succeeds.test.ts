// oidcc-ensure-post-request-succeeds: the authorization request arrives as a form POST from the
// relying party's page (OpenID Connect Core §3.1.2.1: GET and POST both) and completes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-ensure-post-request-succeeds", () => {
  it("completes an authorization request sent by POST", async () => {
    const { tokens } = await codeFlow(session.page, conformance().rp, {}, { method: "POST" });
    expect(tokens.status).toBe(200);
  });
});
