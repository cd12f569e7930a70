// An access token as a resource receives it: `Authorization: Bearer` (RFC 6750 §2.1) or, for a
// DPoP-bound token, `Authorization: DPoP` with a proof over this request and the token (RFC 9449
// §7: htm, htu, `ath`, and the key the token's cnf.jkt names). A bound token sent as Bearer is
// refused — that is the point of binding it — and so is an unbound token sent as DPoP.
import { InvalidDpopProof, InvalidToken } from "@/lib/errors/oauth";
import { verifyAccessToken, type AccessTokenClaims } from "./access-token";
import { DPOP_SIGNING_ALGS, endpointUrl, verifyDpopProof } from "./dpop";

const SCHEME = /^(bearer|dpop) +(\S+)\s*$/i;

function dpopChallenge(description: string): InvalidToken {
  const error = new InvalidToken(description);
  error.headers["WWW-Authenticate"] = `DPoP error="invalid_token", algs="${DPOP_SIGNING_ALGS.join(" ")}"`;
  return error;
}

/** The verified claims of the request's access token; null when none or not valid (the caller answers invalid_token). */
export async function presentedAccessToken(req: Request): Promise<AccessTokenClaims | null> {
  const match = SCHEME.exec(req.headers.get("authorization") ?? "");
  if (!match) return null;
  const dpop = match[1]!.toLowerCase() === "dpop";
  const token = match[2]!;
  const claims = await verifyAccessToken(token);
  if (!claims) {
    if (dpop) throw dpopChallenge("The access token is missing, expired or revoked");
    return null;
  }
  if (!claims.cnf) {
    if (dpop) throw dpopChallenge("This access token is not DPoP-bound: present it as Bearer");
    return claims;
  }
  if (!dpop) throw dpopChallenge("This access token is DPoP-bound: present it with Authorization: DPoP and a DPoP proof");
  const proof = await verifyDpopProof(req, { htm: req.method, htu: endpointUrl(new URL(req.url).pathname), accessToken: token, resource: true });
  if (!proof) throw new InvalidDpopProof("A DPoP proof is required with a DPoP-bound access token", { resource: true });
  if (proof.jkt !== claims.cnf.jkt) throw new InvalidDpopProof("The DPoP proof is signed with another key than the one the token is bound to", { resource: true });
  return claims;
}
