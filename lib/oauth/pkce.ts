// PKCE (RFC 7636) at the token endpoint: S256 only (RFC 9700 §2.1.1 — `plain` protects nothing
// against a leaked authorization request).
import { createHash } from "node:crypto";
import { constantTimeEqual } from "@/lib/crypto/random";
import { InvalidGrant } from "@/lib/errors/oauth";

export interface CodeChallenge {
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

/** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256Challenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** Throws invalid_grant unless the verifier proves possession of the code's challenge. */
export function checkPkce(code: CodeChallenge, verifier: string | undefined, clientIsPublic: boolean): void {
  if (!code.codeChallenge) {
    // A verifier for a code issued without a challenge means the authorization request was
    // stripped of its challenge on the way (a downgrade attack): refuse rather than ignore it.
    if (verifier !== undefined) throw new InvalidGrant("code_verifier was sent but the authorization request had no code_challenge");
    if (clientIsPublic) throw new InvalidGrant("Public clients must use PKCE (code_challenge_method=S256)");
    return;
  }
  if (code.codeChallengeMethod !== "S256") throw new InvalidGrant("Only the S256 code_challenge_method is supported");
  if (verifier === undefined) throw new InvalidGrant("code_verifier is required: the authorization request had a code_challenge");
  if (!constantTimeEqual(s256Challenge(verifier), code.codeChallenge)) throw new InvalidGrant("code_verifier does not match the code_challenge");
}
