// oidcc-max-age-10000: the first authorization asks max_age=15000, the second max_age=10000 in the
// same signed-in browser. The authentication is recent enough for both: no sign-in page, and both ID
// tokens carry auth_time (required when max_age is sent, Core §2) — the same one — and the same sub.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, shownPages, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-max-age-10000", () => {
  it("keeps the user's authentication: same auth_time and sub, no sign-in", async () => {
    const env = conformance();
    const first = await codeFlow(session.page, env.rp, { max_age: "15000" });
    expect(first.claims.auth_time).toEqual(expect.any(Number));
    const shown = shownPages(session.page);
    const second = await codeFlow(session.page, env.rp, { max_age: "10000" });
    expect(shown).not.toContain("/login");
    expect(second.claims.auth_time).toBe(first.claims.auth_time);
    expect(second.claims.sub).toBe(first.claims.sub);
  });
});
