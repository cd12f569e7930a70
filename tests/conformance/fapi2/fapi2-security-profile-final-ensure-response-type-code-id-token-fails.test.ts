// fapi2-security-profile-final-ensure-response-type-code-id-token-fails — response_type=code id_token is refused (FAPI 2.0: the code flow only).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-response-type-code-id-token-fails", () => {
  it("the PAR endpoint refuses it", async () => {
    const { answer } = await push(clients()[0]!, { params: { response_type: "code id_token" } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("unsupported_response_type");
  });
});
