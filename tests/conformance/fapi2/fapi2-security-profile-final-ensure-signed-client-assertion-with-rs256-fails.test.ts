// fapi2-security-profile-final-ensure-signed-client-assertion-with-rs256-fails — FAPI 2.0 §5.4.1: an RS256-signed client assertion is refused (PS256, ES256, EdDSA only).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { clientAssertion, clients, push } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-signed-client-assertion-with-rs256-fails", () => {
  it("an RS256 assertion (even one whose signature would check out) is refused with invalid_client", async () => {
    const client = clients()[0]!;
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    const { answer } = await push(client, { assertion: await clientAssertion(client, { alg: "RS256", key: privateKey }) });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
  });
});
