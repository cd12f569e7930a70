// fapi2-security-profile-final-check-dpop-proof-nbf-exp — a DPoP proof that carries valid nbf and exp claims is accepted; one whose exp has passed is refused.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { CLIENT_ASSERTION_TYPE, clientAssertion, clients, dpopProof, endpoints, newDpopKey, pkce, post } from "./fapi-client";

describe("fapi2-security-profile-final-check-dpop-proof-nbf-exp", () => {
  it("nbf/exp are honoured when present", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const now = Math.floor(Date.now() / 1000);
    const form = async () => ({
      grant_type: "authorization_code",
      code: "bogus",
      redirect_uri: client.redirect_uri,
      client_id: client.client_id,
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await clientAssertion(client),
      code_verifier: pkce().verifier,
    });
    const valid = await post(endpoints().token, await form(), { DPoP: await dpopProof(key, "POST", endpoints().token, { claims: { nbf: now - 5, exp: now + 60 } }) });
    expect(valid.body.error).toBe("invalid_grant");
    const expired = await post(endpoints().token, await form(), { DPoP: await dpopProof(key, "POST", endpoints().token, { claims: { exp: now - 120 } }) });
    expect(expired.body.error).toBe("invalid_dpop_proof");
  });
});
