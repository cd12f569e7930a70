// oidcc-prompt-none-not-logged-in: prompt=none from a browser without a Trustgate session must come
// back to the client at once with an error that says a user interface was needed (Core §3.1.2.6:
// login_required, interaction_required, account_selection_required or consent_required) — never a
// page. The suite sends a 128-character state to check the error response does not corrupt it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationRequest, authorizeInBrowser, conformance, shownPages, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage(null)));
afterAll(async () => session?.close());

describe("oidcc-prompt-none-not-logged-in", () => {
  it("answers login_required to the redirect_uri with the long state intact, showing no page", async () => {
    const env = conformance();
    const state = randomBytes(96).toString("base64url");
    expect(state).toHaveLength(128);
    const request = authorizationRequest(env.rp, { prompt: "none", state });
    request.state = state;
    const shown = shownPages(session.page);
    const callback = await authorizeInBrowser(session.page, request);
    expect(["interaction_required", "login_required", "account_selection_required", "consent_required"]).toContain(callback.searchParams.get("error"));
    expect(callback.searchParams.get("error")).toBe("login_required");
    expect(callback.searchParams.get("state")).toBe(state);
    expect(callback.searchParams.get("iss")).toBe(env.url);
    expect(callback.searchParams.get("code")).toBeNull();
    // Only the client's own page was shown (Chromium may report it more than once), no Trustgate page.
    expect(shown.filter((path) => path !== "/demo/callback")).toEqual([]);
  });
});
