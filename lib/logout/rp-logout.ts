// OpenID Connect RP-Initiated Logout 1.0: GET or POST /v1/oauth/logout (the end_session_endpoint).
// - id_token_hint: an ID token we issued (signature checked, expired ones accepted as §2 allows);
//   forged or another issuer's → error page. With a valid hint the session it names (`sid`) ends.
// - post_logout_redirect_uri: only an exact match of the client's registered URIs (§3), else an
//   error page and no redirect; `state` is passed back unchanged.
// - Without a valid hint the user is asked to confirm (§2: a logout the user did not ask for is a
//   nuisance attack); the confirming POST ends the browser's own session.
import { errors, jwtVerify, type JWTHeaderParameters } from "jose";
import { publicUrl } from "@/lib/config/settings";
import { findClient } from "@/lib/clients/find-client";
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { SIGNING_ALGS, verificationKey } from "@/lib/keys/signing-keys";
import { endSessionById, endSessionByToken, resolveSession, type EndedSession } from "@/lib/sessions/session";
import { announceEndedSessions } from "./end-on-event";

/** An ID token stays usable as a hint for this long after it expired (a day of idle tabs and more). */
const HINT_TOLERANCE_S = 30 * 24 * 3600;

export type LogoutOutcome = { kind: "error"; title: string; message: string } | { kind: "confirm"; fields: Record<string, string> } | { kind: "signed_out"; location: string | null };

interface HintClaims {
  sub: string;
  aud: string;
  sid: string | null;
}

async function keyFor(header: JWTHeaderParameters) {
  const key = header.kid ? await verificationKey(header.kid) : null;
  if (!key) throw new errors.JWKSNoMatchingKey();
  return key;
}

/** The claims of an ID token Trustgate issued, or null (forged, tampered, not an ID token). */
export async function verifyIdTokenHint(token: string): Promise<HintClaims | null> {
  if (token.length > 4096 || token.split(".").length !== 3) return null;
  try {
    const { payload } = await jwtVerify(token, keyFor, { issuer: publicUrl(), typ: "JWT", algorithms: [...SIGNING_ALGS], clockTolerance: HINT_TOLERANCE_S });
    if (typeof payload.sub !== "string" || typeof payload.aud !== "string" || "client_id" in payload || "events" in payload) return null;
    return { sub: payload.sub, aud: payload.aud, sid: typeof payload.sid === "string" ? payload.sid : null };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}

const fail = (message: string): LogoutOutcome => ({ kind: "error", title: "This sign-out link is not valid", message });

export async function rpInitiatedLogout(params: URLSearchParams, ctx: { sessionToken: string | null; confirmed: boolean; ip: string; requestId: string }): Promise<LogoutOutcome> {
  const rawHint = params.get("id_token_hint");
  const hint = rawHint ? await verifyIdTokenHint(rawHint) : null;
  if (rawHint && !hint) return fail("id_token_hint is not an ID token issued by Trustgate.");
  const clientIdParam = params.get("client_id");
  if (hint && clientIdParam && clientIdParam !== hint.aud) return fail("client_id does not match the id_token_hint's audience.");
  const clientId = clientIdParam ?? hint?.aud ?? null;
  const redirectUri = params.get("post_logout_redirect_uri");
  let location: string | null = null;
  if (redirectUri) {
    const client = clientId ? await findClient(clientId) : null;
    if (!client) return fail("post_logout_redirect_uri needs id_token_hint or client_id to name the application.");
    if (!client.postLogoutRedirectUris.includes(redirectUri)) return fail("post_logout_redirect_uri is not registered for this application.");
    const url = new URL(redirectUri);
    const state = params.get("state");
    if (state !== null) url.searchParams.set("state", state);
    location = url.toString();
  }
  if (!hint && !ctx.confirmed) {
    const fields: Record<string, string> = {};
    for (const name of ["client_id", "post_logout_redirect_uri", "state"]) {
      const value = params.get(name);
      if (value !== null) fields[name] = value;
    }
    return { kind: "confirm", fields };
  }
  await db().$transaction(async (tx) => {
    const now = new Date();
    const ended: EndedSession[] = [];
    if (hint?.sid) {
      const row = await tx.userSession.findUnique({ where: { id: hint.sid }, select: { userId: true } }).catch(() => null);
      if (row?.userId === hint.sub) ended.push(...(await endSessionById(hint.sid, "rp_logout", now, tx)));
    }
    if (ctx.sessionToken) {
      // The browser's own session ends too, unless the hint names another user.
      const own = await resolveSession(ctx.sessionToken, now);
      if ("session" in own && (!hint || own.session.userId === hint.sub)) ended.push(...(await endSessionByToken(ctx.sessionToken, "rp_logout", now, tx)));
    }
    const userId = hint?.sub ?? ended[0]?.userId ?? null;
    await emit(tx, { type: "user.logged_out", actor: { type: userId ? "user" : "system", id: userId }, userId, clientId, ip: ctx.ip, requestId: ctx.requestId, data: { via: "rp_initiated", sessions: ended.length } });
    await announceEndedSessions(tx, ended, "rp_logout", { type: "user", id: userId }, emit);
  });
  return { kind: "signed_out", location };
}
