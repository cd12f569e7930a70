// fapi2-security-profile-final-discovery-end-point-verification — the metadata a FAPI 2.0 client relies on is published and true.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { endpoints, issuer } from "./fapi-client";

describe("fapi2-security-profile-final-discovery-end-point-verification", () => {
  it("publishes PAR, DPoP, private_key_jwt, S256 and iss-in-response metadata", async () => {
    const response = await fetch(`${issuer()}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(issuer());
    expect(metadata.pushed_authorization_request_endpoint).toBe(endpoints().par);
    expect(metadata.token_endpoint).toBe(endpoints().token);
    expect(metadata.token_endpoint_auth_methods_supported).toContain("private_key_jwt");
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(["PS256", "ES256", "EdDSA"]));
    expect(metadata.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(["PS256", "ES256", "EdDSA"]));
    expect(metadata.code_challenge_methods_supported).toEqual(["S256"]);
    expect(metadata.response_types_supported).toEqual(["code"]);
    expect(metadata.authorization_response_iss_parameter_supported).toBe(true);
    expect(metadata.grant_types_supported).not.toContain("password");
    expect(metadata.grant_types_supported).not.toContain("implicit");
    // Every advertised endpoint answers (a GET to a POST endpoint is still not a 404).
    for (const key of ["pushed_authorization_request_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint"]) {
      expect((await fetch(metadata[key] as string)).status, key).not.toBe(404);
    }
  });
});
