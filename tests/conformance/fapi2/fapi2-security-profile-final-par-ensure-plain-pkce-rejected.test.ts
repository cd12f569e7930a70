// fapi2-security-profile-final-par-ensure-plain-pkce-rejected — code_challenge_method=plain is refused (S256 only).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-par-ensure-plain-pkce-rejected", () => {
  it("the PAR endpoint refuses it", async () => {
    const { answer } = await push(clients()[0]!, { params: { code_challenge_method: "plain" } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });
});
