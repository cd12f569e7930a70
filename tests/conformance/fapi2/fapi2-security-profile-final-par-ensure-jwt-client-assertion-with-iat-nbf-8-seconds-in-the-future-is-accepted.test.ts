// fapi2-security-profile-final-par-ensure-jwt-client-assertion-with-iat-nbf-8-seconds-in-the-future-is-accepted — clock skew: iat and nbf 8 s ahead are accepted.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clientAssertion, clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-par-ensure-jwt-client-assertion-with-iat-nbf-8-seconds-in-the-future-is-accepted", () => {
  it("the assertion is accepted", async () => {
    const client = clients()[0]!;
    const { answer } = await push(client, { assertion: await clientAssertion(client, { iatOffset: 8, nbfOffset: 8 }) });
    expect(answer.status).toBe(201);
    expect(answer.body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  });
});
