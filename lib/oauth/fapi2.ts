// The FAPI 2.0 Security Profile (final, February 2025) for clients that switch it on (`fapi2`).
// What each rule requires lives here; the endpoints ask these questions at their own step:
//   §5.3.2.1 confidential clients only, authenticated with private_key_jwt (we offer no mTLS),
//            `aud` of the assertion = the issuer as a string, sender-constrained (DPoP) tokens,
//            codes ≤60 s (AUTHORIZATION_CODE_TTL_S is 60 s for everyone);
//   §5.3.2.2 only the code flow, authorization requests only through PAR, PAR client-authenticated,
//            PKCE with S256, redirect_uri in the PAR, `iss` in the response (RFC 9207, everyone);
//   §5.4.1   JWS algorithms PS256, ES256 or EdDSA (client assertions and DPoP proofs).
import type { Client } from "@/lib/db/generated/client";
import { requirePushedAuthorizationRequests } from "@/lib/config/settings";

export const FAPI2_SIGNING_ALGS = ["PS256", "ES256", "EdDSA"] as const;

type ProfileFields = Pick<Client, "fapi2" | "requirePushedAuthorizationRequests">;

/** Authorization requests of this client must come through PAR (RFC 9126 §6, FAPI 2.0 §5.3.2.2). */
export function mustUsePar(client: ProfileFields): boolean {
  return client.fapi2 || client.requirePushedAuthorizationRequests || requirePushedAuthorizationRequests();
}

/** Tokens of this client must be DPoP-bound: the token endpoint refuses requests without a proof. */
export function mustUseDpop(client: Pick<Client, "fapi2">): boolean {
  return client.fapi2;
}

/** JWS algorithms this client may use for assertions and DPoP proofs (null: the general list). */
export function signingAlgsFor(client: Pick<Client, "fapi2">): readonly string[] | null {
  return client.fapi2 ? FAPI2_SIGNING_ALGS : null;
}
