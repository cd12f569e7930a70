// oidcc-claims-essential: (OP-claims-essential) a claims request for an essential name is accepted; discovery says claims_parameter_supported=false, and the suite only warns when the claim is absent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-claims-essential", () => {
  it("completes the authorization and returns a valid ID token", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { claims: JSON.stringify({ userinfo: { name: { essential: true } } }) });
    expect(tokens.status).toBe(200);
    expect(claims.sub).toEqual(expect.any(String));
  });
});
