// fapi2-security-profile-final-par-ensure-pkce-required — a pushed request without a PKCE challenge is refused (FAPI 2.0 §5.3.2.2).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-par-ensure-pkce-required", () => {
  it("the PAR endpoint refuses it", async () => {
    const { answer } = await push(clients()[0]!, { params: { code_challenge: undefined, code_challenge_method: undefined } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });
});
