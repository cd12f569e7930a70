// oidcc-max-age-1: two authorizations; before the second the suite waits 2 seconds and sends
// max_age=1, so the authentication is too old and Trustgate must ask the user to sign in again
// (Core §3.1.2.1). The second ID token must carry auth_time (max_age was sent, Core §2), later than
// the first's and recent (the suite allows 5 minutes of clock skew). The module has a user of its own
// (conformance-global-setup.ts), so signing in again leaves the plan's session alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, moduleUser, shownPages, signedInPage, type BrowserSession } from "../support/conformance";

const user = () => moduleUser("oidcc-max-age-1");
let session: BrowserSession;
beforeAll(async () => (session = await signedInPage(user().storageState)));
afterAll(async () => session?.close());

describe("oidcc-max-age-1", () => {
  it("asks for a new sign-in once the authentication is older than max_age; auth_time is present and later", async () => {
    const env = conformance();
    const first = await codeFlow(session.page, env.rp);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const shown = shownPages(session.page);
    const second = await codeFlow(session.page, env.rp, { max_age: "1" }, { signInAgainAs: user().phone });
    expect(shown).toContain("/login");
    expect(second.claims.auth_time).toEqual(expect.any(Number));
    expect(second.claims.auth_time as number).toBeGreaterThan(first.claims.auth_time as number);
    expect(second.claims.auth_time as number).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 5 * 60 - 1);
    expect(second.claims.sub).toBe(first.claims.sub);
  });
});
