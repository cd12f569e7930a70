// What one successful grant hands out (RFC 6749 §5.1): an access token, and for users a refresh
// token and — with `openid` — an ID token. Signed first, stored in the caller's transaction.
import type { AuthMethod } from "@/lib/db/generated/enums";
import type { Prisma } from "@/lib/db/generated/client";
import { findClientCached } from "@/lib/clients/client-cache";
import { isSigningAlg, type SigningAlg } from "@/lib/keys/signing-keys";
import { signAccessToken } from "./access-token";
import { signIdToken } from "./id-token";
import { mintRefreshToken } from "./mint-refresh-token";
import type { TokenResponse } from "./schemas";
import { hasScope } from "./scopes";

export type { TokenResponse } from "./schemas";

export interface UserGrant {
  clientId: string;
  user: { id: string; phone: string };
  /** Scope of the access token (may be narrower than the grant on refresh). */
  scope: string;
  /** Scope of the grant, carried by the refresh token unchanged (RFC 6749 §6). */
  grantedScope: string;
  authMethod: AuthMethod;
  authTime: Date;
  nonce: string | null;
  familyId: string;
  authorizationCodeId: string | null;
  /** The trusted device the grant was signed in through (revoking it revokes the family). */
  deviceId?: string | null;
  /** The end-user session behind the grant and its `amr` (ID token `sid`, `amr`, `acr`). */
  sessionId?: string | null;
  amr?: string[] | null;
  /** DPoP key of this request: binds the access token (and, for public clients, the refresh token). */
  dpopJkt?: string | null;
  bindRefreshToken?: boolean;
  /** The client's id_token_signed_response_alg; read from the client when not given. */
  idTokenAlg?: SigningAlg;
  /** RFC 8707: resources of the grant (kept by the refresh token). */
  resources?: readonly string[];
  /** RFC 8707: the resources this access token is for (default: the grant's). */
  audience?: readonly string[];
}

/** The client row's id_token_signed_response_alg, checked. */
export function clientIdTokenAlg(client: { idTokenSignedResponseAlg: string }): SigningAlg {
  return isSigningAlg(client.idTokenSignedResponseAlg) ? client.idTokenSignedResponseAlg : "RS256";
}

/** The algorithm the client registered for its ID tokens (RS256 unless it chose ES256). */
export async function idTokenAlgOf(clientId: string): Promise<SigningAlg> {
  const alg = (await findClientCached(clientId))?.idTokenSignedResponseAlg;
  return isSigningAlg(alg) ? alg : "RS256";
}

export interface TokenSet {
  response: TokenResponse;
  accessToken: Prisma.AccessTokenUncheckedCreateInput;
  refreshToken: Prisma.RefreshTokenUncheckedCreateInput | null;
}

export async function userTokenSet(grant: UserGrant): Promise<TokenSet> {
  const access = await signAccessToken({
    clientId: grant.clientId,
    user: { id: grant.user.id, authMethod: grant.authMethod, authTime: grant.authTime },
    scope: grant.scope,
    familyId: grant.familyId,
    authorizationCodeId: grant.authorizationCodeId,
    dpopJkt: grant.dpopJkt ?? null,
    resources: grant.audience ?? grant.resources ?? [],
  });
  const refresh = mintRefreshToken({
    clientId: grant.clientId,
    userId: grant.user.id,
    scope: grant.grantedScope,
    authMethod: grant.authMethod,
    authTime: grant.authTime,
    familyId: grant.familyId,
    authorizationCodeId: grant.authorizationCodeId,
    deviceId: grant.deviceId ?? null,
    dpopJkt: grant.bindRefreshToken ? (grant.dpopJkt ?? null) : null,
    resources: [...(grant.resources ?? [])],
    sessionId: grant.sessionId ?? null,
    amr: grant.amr ?? null,
  });
  const idToken = hasScope(grant.scope, "openid") ? await signIdToken({ ...grant, alg: grant.idTokenAlg ?? (await idTokenAlgOf(grant.clientId)), accessToken: access.token, expiresIn: access.expiresIn }) : undefined;
  return {
    response: {
      access_token: access.token,
      token_type: grant.dpopJkt ? "DPoP" : "Bearer",
      expires_in: access.expiresIn,
      refresh_token: refresh.token,
      scope: grant.scope,
      ...(idToken ? { id_token: idToken } : {}),
    },
    accessToken: access.record,
    refreshToken: refresh.record,
  };
}

/** client_credentials: the client acts for itself; no refresh token (RFC 6749 §4.4.3). */
export async function clientTokenSet(clientId: string, scope: string, resources: readonly string[] = [], dpopJkt: string | null = null): Promise<TokenSet> {
  const access = await signAccessToken({ clientId, user: null, scope, familyId: null, authorizationCodeId: null, resources, dpopJkt });
  return {
    response: { access_token: access.token, token_type: dpopJkt ? "DPoP" : "Bearer", expires_in: access.expiresIn, scope },
    accessToken: access.record,
    refreshToken: null,
  };
}
