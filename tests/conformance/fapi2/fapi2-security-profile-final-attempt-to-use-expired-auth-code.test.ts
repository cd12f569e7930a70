// fapi2-security-profile-final-attempt-to-use-expired-auth-code (registered as …-ensure-token-endpoint-fails-with-expired-auth-code) — a code redeemed for the first time 62 s after it was issued (FAPI 2.0 §5.3.2.1: codes live at most 60 s; the suite adds 2 s of clock skew) must be refused with invalid_grant. The front channel (PAR with a DPoP proof, sign-in, consent) ran in the global setup (expiring.ts), so the 62 s pass while the other modules run; the redemption uses the same DPoP key and PKCE verifier, so only the code's age is wrong.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { dpopKeyOf, waitUntilPast } from "./expiring";
import { clients, redeem, server } from "./fapi-client";

const RFC6749_ERROR_TEXT = /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/;

describe("fapi2-security-profile-final-attempt-to-use-expired-auth-code", () => {
  it("refuses the never-used code after 62 s with invalid_grant", async () => {
    const { code } = server().expiring!;
    await waitUntilPast(code.receivedAt, 62_000);
    const answer = await redeem(clients()[0]!, code.code, code.verifier, await dpopKeyOf(code.dpop));
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answer.body.error).toBe("invalid_grant");
    expect(answer.body.error_description).toMatch(RFC6749_ERROR_TEXT);
    expect(answer.body.access_token).toBeUndefined();
  });
});
