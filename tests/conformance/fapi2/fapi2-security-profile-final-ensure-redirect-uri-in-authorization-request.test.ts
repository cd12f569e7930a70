// fapi2-security-profile-final-ensure-redirect-uri-in-authorization-request — a pushed request without redirect_uri is refused (FAPI 2.0 §5.3.2.2: redirect_uri required in PAR).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-redirect-uri-in-authorization-request", () => {
  it("the PAR endpoint refuses it", async () => {
    const { answer } = await push(clients()[0]!, { params: { redirect_uri: undefined } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });
});
