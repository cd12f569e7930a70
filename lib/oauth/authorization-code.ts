// Authorization codes (RFC 6749 §4.1.2): 256-bit random, only the hash is stored, 60 s, bound to
// the client, the redirect_uri, the PKCE challenge and the way the user signed in.
import { AUTHORIZATION_CODE_BYTES, AUTHORIZATION_CODE_TTL_S } from "@/lib/config/limits";
import { randomToken, sha256Hex } from "@/lib/crypto/random";
import { db } from "@/lib/db";
import type { AuthMethod } from "@/lib/db/generated/enums";

export interface AuthorizationCodeInput {
  clientId: string;
  userId: string;
  redirectUri: string;
  scope: string;
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: "S256" | null;
  authMethod: AuthMethod;
  authTime: Date;
  /** The trusted device the user signed in or was approved with. */
  deviceId?: string | null;
  /** The end-user session that approved the code (`sid`) and its `amr`. */
  sessionId?: string | null;
  amr?: string[];
  /** RFC 9449 §10: the DPoP key the code must be redeemed with. */
  dpopJkt?: string | null;
}

/** Stores a new code and returns it; the caller redirects with it and never keeps it. */
export async function issueAuthorizationCode(input: AuthorizationCodeInput): Promise<string> {
  const code = randomToken(AUTHORIZATION_CODE_BYTES);
  await db().authorizationCode.create({
    data: {
      codeHash: hashAuthorizationCode(code),
      clientId: input.clientId,
      userId: input.userId,
      redirectUri: input.redirectUri,
      scope: input.scope,
      nonce: input.nonce,
      codeChallenge: input.codeChallenge,
      codeChallengeMethod: input.codeChallenge ? input.codeChallengeMethod : null,
      authMethod: input.authMethod,
      authTime: input.authTime,
      deviceId: input.deviceId ?? null,
      sessionId: input.sessionId ?? null,
      amr: input.amr ?? [],
      dpopJkt: input.dpopJkt ?? null,
      expiresAt: new Date(Date.now() + AUTHORIZATION_CODE_TTL_S * 1000),
    },
  });
  return code;
}

export function hashAuthorizationCode(code: string): string {
  return sha256Hex(code);
}
