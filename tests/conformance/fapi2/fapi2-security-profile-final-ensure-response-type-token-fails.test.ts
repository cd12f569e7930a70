// fapi2-security-profile-final-ensure-response-type-token-fails — response_type=token (implicit) is refused.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-response-type-token-fails", () => {
  it("the PAR endpoint refuses it", async () => {
    const { answer } = await push(clients()[0]!, { params: { response_type: "token" } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("unsupported_response_type");
  });
});
