// fapi2-security-profile-final-par-ensure-jwt-client-assertion-with-iat-nbf-over-60-seconds-in-the-future-fails — iat and nbf more than 60 s ahead are refused.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clientAssertion, clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-par-ensure-jwt-client-assertion-with-iat-nbf-over-60-seconds-in-the-future-fails", () => {
  it("the assertion is refused with invalid_client", async () => {
    const client = clients()[0]!;
    const { answer } = await push(client, { assertion: await clientAssertion(client, { iatOffset: 70, nbfOffset: 70 }) });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
  });
});
