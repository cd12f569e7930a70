// fapi2-security-profile-final-par-attempt-to-use-expired-request-uri (registered as …-par-attempt-to-use-expired-request_uri) — a request_uri used for the first time after its expires_in must get an error (PAR §2.2): an error page, or invalid_request_uri at the client. The PAR call ran in the global setup (expiring.ts), so the wait passes while the other modules run; Trustgate shows its error page (a request_uri cannot be trusted to say where to redirect).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { waitUntilPast } from "./expiring";
import { authorizeUrl, clients, server } from "./fapi-client";

describe("fapi2-security-profile-final-par-attempt-to-use-expired-request-uri", () => {
  it("the expired request_uri gets an error page, not the sign-in", async () => {
    const { pushed } = server().expiring!;
    expect(pushed.expiresIn).toBeLessThanOrEqual(60);
    await waitUntilPast(pushed.pushedAt, (pushed.expiresIn + 1) * 1000);
    const answer = await fetch(authorizeUrl(clients()[0]!, pushed.requestUri), { redirect: "manual" });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("location")).toBeNull();
    expect(await answer.text()).toMatch(/expired/i);
  });
});
