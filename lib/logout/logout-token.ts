// OpenID Connect Back-Channel Logout 1.0 §2.4: the logout token. A JWT signed like ID tokens
// (ES256, our JWKS), `typ: logout+jwt` (§2.4 recommends explicit typing), with iss, aud, iat, exp,
// jti, sub and sid, the back-channel-logout event, and never a nonce (§2.4: "MUST NOT contain").
import { LOGOUT_TOKEN_TTL_S } from "@/lib/config/limits";
import { publicUrl } from "@/lib/config/settings";
import { signEs256Jwt } from "@/lib/keys/sign-jwt";
import { activeSigningKey } from "@/lib/keys/signing-keys";

export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/** What the outbox row stores; the token is signed at send time (fresh iat/exp on each attempt). */
export interface LogoutTokenClaims {
  aud: string;
  sub: string;
  sid: string;
}

export async function signLogoutToken(claims: LogoutTokenClaims, jti: string, now = new Date()): Promise<string> {
  const key = await activeSigningKey();
  const iat = Math.floor(now.getTime() / 1000);
  return signEs256Jwt(
    { kid: key.kid, typ: "logout+jwt" },
    { iss: publicUrl(), aud: claims.aud, iat, exp: iat + LOGOUT_TOKEN_TTL_S, jti, sub: claims.sub, sid: claims.sid, events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } },
    key.privateKey,
  );
}
