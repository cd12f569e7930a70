// OpenID Connect for Identity Assurance 1.0 `verified_claims`: the result of Trustgate's identity
// review (trust framework, when, on what evidence, and the claims it verified), released with the
// `verification` scope to a client the user consented to. Only approved users have any.
import type { UserData } from "./user-data";

/** Trustgate's own review process: a person checks the submitted details (and document, when asked). */
export const TRUST_FRAMEWORK = "trustgate_review";
export const EVIDENCE_TYPES = ["document", "electronic_record"] as const;
export const VERIFIED_CLAIM_NAMES = ["given_name", "family_name", "birthdate", "address"] as const;

export interface VerifiedClaims {
  verification: { trust_framework: string; time: string; evidence: { type: (typeof EVIDENCE_TYPES)[number] }[] };
  claims: Record<string, unknown>;
}

export function verifiedClaimsOf(user: UserData): VerifiedClaims | null {
  if (user.status !== "approved" || !user.verifiedAt) return null;
  const claims: Record<string, unknown> = {};
  const givenName = user.verifiedGivenName ?? user.firstName;
  const familyName = user.verifiedFamilyName ?? user.lastName;
  if (givenName) claims.given_name = givenName;
  if (familyName) claims.family_name = familyName;
  if (user.birthdate) claims.birthdate = user.birthdate;
  if (user.address) claims.address = user.address;
  return {
    verification: {
      trust_framework: TRUST_FRAMEWORK,
      time: user.verifiedAt.toISOString(),
      // An identity document the user uploaded, or the details checked against records.
      evidence: [{ type: user.hasDocument ? "document" : "electronic_record" }],
    },
    claims,
  };
}

/** `{verified_claims}` when the verification scope is released and the user is verified, else nothing. */
export function verifiedClaimsFor(user: UserData, released: ReadonlySet<string>): { verified_claims?: VerifiedClaims } {
  if (!released.has("verification")) return {};
  const verified = verifiedClaimsOf(user);
  return verified ? { verified_claims: verified } : {};
}
