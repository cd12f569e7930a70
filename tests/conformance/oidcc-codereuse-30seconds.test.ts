// oidcc-codereuse-30seconds (OP-OAuth-2nd-30s, OP-OAuth-2nd-Revokes): the code is redeemed, the
// module waits 30 seconds as the suite does, then redeems it again: refused, and the access token
// issued the first time no longer works.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, redeemCode, signedInPage, userinfo, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-codereuse-30seconds", () => {
  it("refuses the code 30 seconds later and revokes what it issued", async () => {
    const env = conformance();
    const { code, tokens } = await codeFlow(session.page, env.rp);
    expect((await userinfo(tokens.body.access_token!)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    const second = await redeemCode(env.rp, code);
    expect(second.body.error).toBe("invalid_grant");
    expect((await userinfo(tokens.body.access_token!)).status).toBe(401);
  }, 60_000);
});
