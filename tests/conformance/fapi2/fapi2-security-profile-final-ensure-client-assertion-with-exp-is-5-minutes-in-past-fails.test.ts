// fapi2-security-profile-final-ensure-client-assertion-with-exp-is-5-minutes-in-past-fails — a client assertion that expired five minutes ago is refused.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clientAssertion, clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-client-assertion-with-exp-is-5-minutes-in-past-fails", () => {
  it("the assertion is refused with invalid_client", async () => {
    const client = clients()[0]!;
    const { answer } = await push(client, { assertion: await clientAssertion(client, { expOffset: -300 }) });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
  });
});
