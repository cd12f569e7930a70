// fapi2-security-profile-final-par-token-endpoint-as-audience-fails — the token endpoint URL as aud is refused for a FAPI 2.0 client.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clientAssertion, clients, endpoints, push } from "./fapi-client";

describe("fapi2-security-profile-final-par-token-endpoint-as-audience-fails", () => {
  it("the assertion is refused with invalid_client", async () => {
    const client = clients()[0]!;
    const { answer } = await push(client, { assertion: await clientAssertion(client, { aud: endpoints().token }) });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
  });
});
