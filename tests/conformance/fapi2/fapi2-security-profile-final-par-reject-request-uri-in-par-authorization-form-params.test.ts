// fapi2-security-profile-final-par-reject-request-uri-in-par-authorization-form-params — a request_uri sent to the PAR endpoint itself is refused (RFC 9126 §2.1).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-par-reject-request-uri-in-par-authorization-form-params", () => {
  it("the PAR endpoint refuses it", async () => {
    const { answer } = await push(clients()[0]!, { params: { request_uri: "urn:ietf:params:oauth:request_uri:abc" } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });
});
