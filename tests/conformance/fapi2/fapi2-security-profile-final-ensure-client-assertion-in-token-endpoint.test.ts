// fapi2-security-profile-final-ensure-client-assertion-in-token-endpoint — the token endpoint refuses a FAPI 2.0 client that does not send its client assertion.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { clients, dpopProof, endpoints, newDpopKey, pkce, post } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-client-assertion-in-token-endpoint", () => {
  it("no client assertion (client_id only) gets invalid_client", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const answer = await post(
      endpoints().token,
      { grant_type: "authorization_code", code: "not-a-code", redirect_uri: client.redirect_uri, client_id: client.client_id, code_verifier: pkce().verifier },
      { DPoP: await dpopProof(key, "POST", endpoints().token) },
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_client");
  });
});
