// fapi2-security-profile-final-ensure-dpop-proof-with-iat-10-seconds-before-succeeds — a DPoP proof whose iat is 10 s in the past is accepted (clock skew).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { describe, expect, it } from "vitest";
import { CLIENT_ASSERTION_TYPE, clientAssertion, clients, dpopProof, endpoints, newDpopKey, pkce, post } from "./fapi-client";

describe("fapi2-security-profile-final-ensure-dpop-proof-with-iat-10-seconds-before-succeeds", () => {
  it("the proof is accepted (the request fails only on its bogus code)", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const answer = await post(
      endpoints().token,
      {
        grant_type: "authorization_code",
        code: "bogus",
        redirect_uri: client.redirect_uri,
        client_id: client.client_id,
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: await clientAssertion(client),
        code_verifier: pkce().verifier,
      },
      { DPoP: await dpopProof(key, "POST", endpoints().token, { iatOffset: -10 }) },
    );
    expect(answer.body.error).toBe("invalid_grant");
  });
});
