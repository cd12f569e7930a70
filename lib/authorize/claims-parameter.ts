// The OpenID Connect `claims` request parameter (Core §5.5), as far as Trustgate acts on it: a
// request for `verified_claims` (OpenID Connect for Identity Assurance) in userinfo or the ID token.
const MAX_CLAIMS_LENGTH = 4096;

export function parseClaimsParameter(raw: string | null): { verifiedClaims: boolean } | "invalid" {
  if (raw === null) return { verifiedClaims: false };
  if (raw.length > MAX_CLAIMS_LENGTH) return "invalid";
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return "invalid";
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return "invalid";
  const member = (name: string) => {
    const part = (value as Record<string, unknown>)[name];
    return Boolean(part && typeof part === "object" && !Array.isArray(part) && "verified_claims" in part);
  };
  return { verifiedClaims: member("userinfo") || member("id_token") };
}
