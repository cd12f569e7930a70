// Which scope releases which field, for every surface a partner reads user data from: GET /v1/user,
// OpenID Connect userinfo and the ID token. A partner sees a field only when its token carries the
// scope AND the user consented to that scope for that client (lib/claims/released-scopes.ts): data
// a user gave through one partner's intent (email, name) reaches another partner only by consent.

/** Scopes that release user data, and what the consent screen says about each, in plain words. */
export const CLAIM_SCOPES = {
  openid: "Know it is you when you come back (an identifier for your account, nothing else)",
  phone: "See your phone number (checked by a code we texted you)",
  email: "See your email address",
  profile: "See your first and last name",
  address: "See your home address",
  verification: "See whether your identity is verified, and when and how it was checked",
} as const;

export type ClaimScope = keyof typeof CLAIM_SCOPES;

/** GET /v1/user (Astra field names). */
export const USER_RESOURCE_FIELDS = {
  id: "openid",
  created_at: "openid",
  phone: "phone",
  email: "email",
  first_name: "profile",
  last_name: "profile",
  updated_at: "profile",
  address: "address",
  status: "verification",
} as const satisfies Record<string, ClaimScope>;

/** OpenID Connect userinfo (Core §5.1 claims; verified_claims per OpenID Connect for Identity Assurance). */
export const USERINFO_CLAIMS = {
  sub: "openid",
  phone_number: "phone",
  phone_number_verified: "phone",
  email: "email",
  email_verified: "email",
  name: "profile",
  given_name: "profile",
  family_name: "profile",
  updated_at: "profile",
  address: "address",
  verified_claims: "verification",
} as const satisfies Record<string, ClaimScope>;

/** The user claims an ID token may carry (the protocol claims — iss, aud, exp, nonce, amr… — are not user data). */
export const ID_TOKEN_CLAIMS = {
  sub: "openid",
  phone_number: "phone",
  phone_number_verified: "phone",
  email: "email",
  email_verified: "email",
  name: "profile",
  given_name: "profile",
  family_name: "profile",
  address: "address",
  verified_claims: "verification",
} as const satisfies Record<string, ClaimScope>;

/** Keeps only the fields of `record` whose scope was released; unmapped fields are dropped too. */
export function releaseFields<T extends Record<string, unknown>>(record: T, map: Record<string, ClaimScope>, released: ReadonlySet<string>): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) {
    const scope = map[field];
    if (scope && released.has(scope) && value !== undefined) out[field] = value;
  }
  return out as Partial<T>;
}

/**
 * The scopes whose fields a partner may see: in the token AND consented by the user for this client.
 * `openid` (the subject identifier) needs only the token: it is what the token is about.
 */
export function releasedScopes(tokenScope: string, consented: readonly string[] | null): Set<string> {
  const token = new Set(tokenScope.split(" ").filter(Boolean));
  const agreed = new Set(consented ?? []);
  const released = new Set<string>();
  for (const scope of Object.keys(CLAIM_SCOPES)) if (token.has(scope) && (scope === "openid" || agreed.has(scope))) released.add(scope);
  return released;
}
