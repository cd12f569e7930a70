// fapi2-security-profile-final-ensure-unsigned-authorization-request-without-using-par-fails — an authorization request sent to the authorize endpoint without PAR is refused for a FAPI 2.0 client.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, endpoints, issuer, pkce } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-unsigned-authorization-request-without-using-par-fails", () => {
  it("answers invalid_request to the registered redirect_uri, never a code", async () => {
    const client = clients()[0]!;
    const { challenge } = pkce();
    const query = new URLSearchParams({ client_id: client.client_id, response_type: "code", redirect_uri: client.redirect_uri, scope: "openid", state: "s1", code_challenge: challenge, code_challenge_method: "S256" });
    const response = await fetch(`${endpoints().authorize}?${query}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(client.redirect_uri);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("code")).toBeNull();
    expect(location.searchParams.get("iss")).toBe(issuer());
  });
});
