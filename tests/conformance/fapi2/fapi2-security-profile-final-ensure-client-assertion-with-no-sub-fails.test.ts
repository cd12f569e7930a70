// fapi2-security-profile-final-ensure-client-assertion-with-no-sub-fails — an assertion without sub is refused.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clientAssertion, clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-client-assertion-with-no-sub-fails", () => {
  it("the assertion is refused with invalid_client", async () => {
    const client = clients()[0]!;
    const { answer } = await push(client, { assertion: await clientAssertion(client, { noSub: true }) });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
  });
});
