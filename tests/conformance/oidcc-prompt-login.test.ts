// oidcc-prompt-login: two authorizations; the second, a second later, sends prompt=login, so
// Trustgate must ask the user to sign in again (Core §3.1.2.1) although the session is live. The
// suite wants a screenshot of that second sign-in page; here Chromium signs in on it (SMS code). The
// second ID token's auth_time must be later than the first's. The module has a user of its own
// (conformance-global-setup.ts), so signing in again leaves the plan's session alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, moduleUser, shownPages, signedInPage, type BrowserSession } from "../support/conformance";

const user = () => moduleUser("oidcc-prompt-login");
let session: BrowserSession;
beforeAll(async () => (session = await signedInPage(user().storageState)));
afterAll(async () => session?.close());

describe("oidcc-prompt-login", () => {
  it("asks the signed-in user to sign in again; the new auth_time is later", async () => {
    const env = conformance();
    const first = await codeFlow(session.page, env.rp);
    // The suite waits a second so that the two auth_time values must differ.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const shown = shownPages(session.page);
    const second = await codeFlow(session.page, env.rp, { prompt: "login" }, { signInAgainAs: user().phone });
    expect(shown).toContain("/login");
    expect(second.claims.sub).toBe(first.claims.sub);
    expect(second.claims.auth_time as number).toBeGreaterThan(first.claims.auth_time as number);
  });
});
