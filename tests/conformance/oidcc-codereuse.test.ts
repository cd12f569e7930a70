// oidcc-codereuse (OP-OAuth-2nd): a code redeemed twice fails the second time (invalid_grant), and
// the tokens issued for it are revoked (RFC 6749 §4.1.2).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, redeemCode, signedInPage, userinfo, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-codereuse", () => {
  it("refuses the second redemption and revokes the first tokens", async () => {
    const env = conformance();
    const { code, tokens } = await codeFlow(session.page, env.rp);
    const second = await redeemCode(env.rp, code);
    expect(second.status).toBe(400);
    expect(second.body.error).toBe("invalid_grant");
    expect((await userinfo(tokens.body.access_token!)).status).toBe(401);
  });
});
