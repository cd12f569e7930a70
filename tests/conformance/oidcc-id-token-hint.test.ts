// oidcc-id-token-hint: two authorizations in the signed-in browser; the second sends prompt=none with
// the first ID token as id_token_hint (Core §3.1.2.1). It must come back with a code at once, for the
// same sub and auth_time. (Trustgate reads the hint: an ID token of another user than the one signed
// in gets login_required with prompt=none — tests/api/sessions.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, shownPages, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-id-token-hint", () => {
  it("returns a code silently for the user the hint names", async () => {
    const env = conformance();
    const first = await codeFlow(session.page, env.rp);
    const shown = shownPages(session.page);
    const second = await codeFlow(session.page, env.rp, { prompt: "none", id_token_hint: first.tokens.body.id_token! });
    // Only the client's own page was shown (Chromium may report it more than once), no Trustgate page.
    expect(shown.filter((path) => path !== "/demo/callback")).toEqual([]);
    expect(second.claims.sub).toBe(first.claims.sub);
    expect(second.claims.auth_time).toBe(first.claims.auth_time);
  });
});
