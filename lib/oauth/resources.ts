// Resource indicators (RFC 8707) and the audience of access tokens (RFC 9068 §3). A client may ask
// for tokens meant for the resources registered for it, or for Trustgate's own APIs — named by the
// issuer URL, which is also the audience when no resource is asked for, so /v1/user, userinfo and
// partner Bearer authentication keep accepting the tokens they always did.
import { publicUrl } from "@/lib/config/settings";
import { InvalidTarget } from "@/lib/errors/oauth";

/** At most this many resources per client and per request. */
export const MAX_RESOURCES = 20;

/** The resource identifier of Trustgate's own APIs: the issuer. */
export function trustgateResource(): string {
  return publicUrl();
}

/** Why `uri` cannot be a resource indicator (RFC 8707 §2: an absolute URI without a fragment), or null. */
export function resourceProblem(uri: string): string | null {
  if (uri.length > 2000) return "must be at most 2000 characters";
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "must be an absolute URI";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http or https URI";
  if (uri.includes("#")) return "must not contain a fragment";
  if (url.username || url.password) return "must not contain credentials";
  return null;
}

/**
 * The resources a request may name: each must be well formed and in `allowed` (or Trustgate's own).
 * Anything else is invalid_target; the description never repeats what the client sent.
 */
export function checkResources(requested: string[], allowed: readonly string[]): string[] {
  if (requested.length > MAX_RESOURCES) throw new InvalidTarget(`At most ${MAX_RESOURCES} resource parameters are allowed`);
  const own = trustgateResource();
  for (const resource of requested) {
    if (resourceProblem(resource)) throw new InvalidTarget("A resource parameter is not an absolute URI without a fragment (RFC 8707)");
    if (resource !== own && !allowed.includes(resource)) throw new InvalidTarget("A requested resource is not registered for this client or not covered by the grant");
  }
  return [...new Set(requested)];
}

/** The `aud` of an access token for these resources: one string, several, or Trustgate's own APIs. */
export function accessTokenAudience(resources: readonly string[]): string | string[] {
  if (resources.length === 0) return trustgateResource();
  return resources.length === 1 ? resources[0]! : [...resources];
}

/**
 * Whether Trustgate's own APIs may accept a token with this audience: it names the issuer, or it
 * is the client id (tokens issued before resource indicators, which live at most one access-token
 * lifetime after the upgrade).
 */
export function isForTrustgate(aud: string | string[], clientId: string): boolean {
  const own = trustgateResource();
  return Array.isArray(aud) ? aud.includes(own) : aud === own || aud === clientId;
}
