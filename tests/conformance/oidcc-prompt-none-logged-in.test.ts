// oidcc-prompt-none-logged-in: two authorizations in the signed-in browser, the second with
// prompt=none. The second must come back with a code without showing the user anything, and its ID
// token must name the same sub and the same auth_time as the first (the same authentication).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, shownPages, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-prompt-none-logged-in", () => {
  it("returns a code silently, for the same user and authentication", async () => {
    const env = conformance();
    const first = await codeFlow(session.page, env.rp);
    const shown = shownPages(session.page);
    const second = await codeFlow(session.page, env.rp, { prompt: "none" });
    // Only the client's own page was shown (Chromium may report it more than once), no Trustgate page.
    expect(shown.filter((path) => path !== "/demo/callback")).toEqual([]);
    expect(second.claims.sub).toBe(first.claims.sub);
    expect(second.claims.auth_time).toBe(first.claims.auth_time);
  });
});
