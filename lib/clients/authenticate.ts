// Partner client authentication: HTTP Basic (RFC 6749 §2.3.1, values form-urlencoded before
// base64), client_secret_post or private_key_jwt (RFC 7523, lib/clients/private-key-jwt.ts), never
// two at once; a client registered for private_key_jwt (FAPI 2.0 clients) can use nothing else. Secrets compared in constant time; failures are
// audited and throttled per IP. Partner APIs also take a client_credentials access token.
import { CLIENT_AUTH_FAILURE_WINDOW_S, CLIENT_AUTH_FAILURES_PER_IP } from "@/lib/config/limits";
import { clientSecretMatches, clientSecretMatchesEither } from "@/lib/clients/client-secret";
import { findClientCached } from "@/lib/clients/client-cache";
import type { Client } from "@/lib/db/generated/client";
import { record } from "@/lib/events/emit";
import { isUserAccessToken } from "@/lib/oauth/access-token";
import { presentedAccessToken } from "@/lib/oauth/presented-access-token";
import { hitRateLimit } from "@/lib/rate-limit/limiter";
import { InvalidClient, InvalidRequest, InvalidToken, TooManyRequests } from "@/lib/errors/oauth";
import { CONTROL_CHARACTERS } from "@/lib/validation/text";
import { assertionSubject, CLIENT_ASSERTION_TYPE, clientAssertionProblem } from "./private-key-jwt";

/** Token endpoint methods (RFC 7591 names), plus `bearer`: a client_credentials token on a partner API. */
export type ClientAuthMethod = "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none" | "bearer";

export interface AuthenticatedClient {
  client: Client;
  method: ClientAuthMethod;
}

interface PresentedCredentials {
  clientId: string;
  secret: string | null;
  method: Exclude<ClientAuthMethod, "bearer">;
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

/** Reads credentials from the request; throws InvalidClient for a malformed Basic header. */
export function presentedCredentials(req: Request, form?: URLSearchParams): PresentedCredentials | null {
  const header = req.headers.get("authorization");
  const postId = form?.get("client_id") ?? null;
  const postSecret = form?.get("client_secret") ?? null;
  const assertionType = form?.get("client_assertion_type") ?? null;
  const assertion = form?.get("client_assertion") ?? null;
  if (assertionType !== null || assertion !== null) {
    if ((header && /^basic /i.test(header)) || postSecret !== null) throw new InvalidRequest("Use one client authentication method, not a client_assertion and a secret");
    if (assertionType !== CLIENT_ASSERTION_TYPE) throw new InvalidClient(`client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
    if (!assertion) throw new InvalidClient("client_assertion is required with client_assertion_type");
    const subject = assertionSubject(assertion);
    if (!subject) throw new InvalidClient("client_assertion is not a JWT with a sub");
    if (postId !== null && postId !== subject) throw new InvalidClient("client_id does not match the client_assertion sub");
    return { clientId: postId ?? subject, secret: assertion, method: "private_key_jwt" };
  }
  if (header && /^basic /i.test(header)) {
    if (postSecret !== null) throw new InvalidRequest("Use one client authentication method, not both Basic and client_secret_post");
    const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (!/^[A-Za-z0-9+/]+=*$/.test(header.slice(6).trim()) || colon < 1) throw new InvalidClient("Malformed Basic authorization header");
    let clientId: string;
    let secret: string;
    try {
      clientId = formDecode(decoded.slice(0, colon));
      secret = formDecode(decoded.slice(colon + 1));
    } catch {
      throw new InvalidClient("Malformed Basic authorization header");
    }
    if (CONTROL_CHARACTERS.test(clientId) || CONTROL_CHARACTERS.test(secret)) throw new InvalidClient("Malformed Basic authorization header");
    if (postId !== null && postId !== clientId) throw new InvalidRequest("client_id in the body does not match the Authorization header");
    return { clientId, secret, method: "client_secret_basic" };
  }
  if (header && !/^(bearer|dpop) /i.test(header)) throw new InvalidClient("Unsupported authorization scheme; use HTTP Basic");
  if (postId !== null) return { clientId: postId, secret: postSecret, method: postSecret === null ? "none" : "client_secret_post" };
  return null;
}

export interface ClientAuthOptions {
  ip: string;
  requestId?: string;
  /** Accept public clients identified by client_id alone (token endpoint with PKCE). */
  allowPublic?: boolean;
}

export async function authenticateClient(req: Request, options: ClientAuthOptions, form?: URLSearchParams): Promise<AuthenticatedClient> {
  const presented = presentedCredentials(req, form);
  if (!presented) throw new InvalidClient("Client authentication is required (HTTP Basic client_id:client_secret)");
  const client = await findClientCached(presented.clientId);

  if (presented.method === "private_key_jwt") {
    const problem = !client || client.type !== "confidential" ? "unknown client" : client.disabledAt ? "client disabled" : await clientAssertionProblem(client, presented.secret ?? "");
    if (client && !problem) return { client, method: "private_key_jwt" };
    return fail(presented, client, options, problem ?? "unknown client");
  }
  // A client registered for private_key_jwt (every FAPI 2.0 client) has no other way in.
  if (client && (client.tokenEndpointAuthMethod === "private_key_jwt" || client.fapi2)) {
    clientSecretMatches(null, presented.secret ?? "");
    return fail(presented, client, options, `${presented.method} used by a private_key_jwt client`);
  }

  if (presented.method === "none") {
    if (options.allowPublic && client && client.type === "public" && !client.disabledAt) return { client, method: "none" };
    return fail(presented, client, options, "missing client secret");
  }
  // Always compare, even for unknown or public clients, so timing reveals nothing.
  const confidential = client?.type === "confidential" ? client : null;
  // Within a rotation's grace period the previous secret works too (both are always compared; the
  // presented secret is hashed once).
  const previousValid = Boolean(confidential?.previousSecretExpiresAt && confidential.previousSecretExpiresAt.getTime() > Date.now());
  const { current: matches, previous: matchesPrevious } = clientSecretMatchesEither(confidential?.secretHash ?? null, previousValid ? (confidential?.previousSecretHash ?? null) : null, presented.secret ?? "");
  if (client && (matches || matchesPrevious) && !client.disabledAt) return { client, method: presented.method };
  return fail(presented, client, options, !client ? "unknown client" : client.disabledAt ? "client disabled" : "wrong secret");
}

async function fail(presented: PresentedCredentials, client: Client | null, options: ClientAuthOptions, reason: string): Promise<never> {
  const limit = await hitRateLimit(`client-auth-fail:ip:${options.ip}`, CLIENT_AUTH_FAILURES_PER_IP, CLIENT_AUTH_FAILURE_WINDOW_S);
  if (!limit.allowed) {
    throw new TooManyRequests("Too many failed client authentications from this address; try again later", limit.retryAfterS);
  }
  await record({
    type: "client.auth_failed",
    actor: { type: "client", id: client?.id ?? null },
    clientId: client?.id ?? null,
    ip: options.ip,
    requestId: options.requestId,
    data: { reason, method: presented.method, presented_client_id: presented.clientId.slice(0, 64) },
  });
  throw new InvalidClient();
}

/** The token of an `Authorization: Bearer` header (RFC 6750 §2.1), or null when there is none. */
export function bearerTokenOf(req: Request): string | null {
  const header = req.headers.get("authorization");
  if (!header || !/^bearer /i.test(header)) return null;
  const token = header.slice(7).trim();
  return token || null;
}

/**
 * Partner APIs (SPEC "Partner authentication"): HTTP Basic like the token endpoint, or a Bearer
 * access token from the client_credentials grant. A user's token is not a partner credential.
 */
export async function authenticatePartner(req: Request, options: ClientAuthOptions): Promise<AuthenticatedClient> {
  if (!/^(bearer|dpop) /i.test(req.headers.get("authorization") ?? "")) return authenticateClient(req, { ip: options.ip, requestId: options.requestId });
  // A DPoP-bound client_credentials token comes with its proof (RFC 9449 §7).
  const claims = await presentedAccessToken(req);
  if (!claims || isUserAccessToken(claims) || claims.sub !== claims.client_id) {
    throw new InvalidToken("The access token is missing, expired or revoked, or is not a client_credentials token");
  }
  const client = await findClientCached(claims.client_id);
  if (!client || client.disabledAt || client.type !== "confidential") throw new InvalidToken();
  return { client, method: "bearer" };
}
