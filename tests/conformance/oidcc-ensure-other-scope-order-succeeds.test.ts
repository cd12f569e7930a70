// oidcc-ensure-other-scope-order-succeeds: scopes in another order (phone openid) give the same grant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-ensure-other-scope-order-succeeds", () => {
  it("completes the authorization and returns a valid ID token", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { scope: "phone openid" });
    expect(tokens.status).toBe(200);
    expect(claims.sub).toEqual(expect.any(String));
  });
});
