// How a client authenticates and which profile it follows (issue 17, FAPI 2.0): the token endpoint
// authentication method, its public keys for private_key_jwt (a JWK Set inline, or a jwks_uri),
// the PAR requirement, and the fapi2 switch (lib/oauth/fapi2.ts). Checked as a whole after the
// change, so no combination that could not authenticate or that FAPI 2.0 forbids is ever saved.
import { db } from "@/lib/db";
import { Prisma, type Client } from "@/lib/db/generated/client";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { forgetClientJwks, jwksProblem, jwksUriProblem } from "./client-jwks";

export const TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "private_key_jwt"] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];

export interface OAuthProfileInput {
  /** null: back to the default (the secret, Basic or post). */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod | null;
  /** A JWK Set (public keys); null removes it. */
  jwks?: unknown;
  jwksUri?: string | null;
  requirePushedAuthorizationRequests?: boolean;
  fapi2?: boolean;
}

export interface OAuthProfile {
  client_id: string;
  token_endpoint_auth_method: string;
  jwks: unknown;
  jwks_uri: string | null;
  require_pushed_authorization_requests: boolean;
  fapi2: boolean;
}

export function oauthProfileOf(client: Pick<Client, "id" | "type" | "tokenEndpointAuthMethod" | "jwks" | "jwksUri" | "requirePushedAuthorizationRequests" | "fapi2">): OAuthProfile {
  return {
    client_id: client.id,
    token_endpoint_auth_method: client.tokenEndpointAuthMethod ?? (client.type === "public" ? "none" : "client_secret_basic"),
    jwks: client.jwks ?? null,
    jwks_uri: client.jwksUri,
    require_pushed_authorization_requests: client.requirePushedAuthorizationRequests,
    fapi2: client.fapi2,
  };
}

/** Why the combination cannot be saved, or null. */
export function oauthProfileProblem(next: Pick<Client, "type" | "tokenEndpointAuthMethod" | "jwks" | "jwksUri" | "fapi2">): string | null {
  if (next.tokenEndpointAuthMethod && !(TOKEN_ENDPOINT_AUTH_METHODS as readonly string[]).includes(next.tokenEndpointAuthMethod)) {
    return `token_endpoint_auth_method must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(", ")}`;
  }
  if (next.jwks !== null && next.jwks !== undefined) {
    const problem = jwksProblem(next.jwks);
    if (problem) return `jwks ${problem}`;
  }
  if (next.jwksUri) {
    const problem = jwksUriProblem(next.jwksUri);
    if (problem) return `jwks_uri ${problem}`;
  }
  if (next.jwks && next.jwksUri) return "Register jwks or jwks_uri, not both";
  if (next.type === "public" && next.tokenEndpointAuthMethod) return "Public clients authenticate with none (client_id and PKCE)";
  if (next.tokenEndpointAuthMethod === "private_key_jwt" && !next.jwks && !next.jwksUri) return "private_key_jwt needs the client's public keys: jwks or jwks_uri";
  if (next.fapi2) {
    // FAPI 2.0 §5.3.2.1: confidential clients only, authenticated with private_key_jwt (no mTLS here).
    if (next.type !== "confidential") return "FAPI 2.0 allows confidential clients only";
    if (next.tokenEndpointAuthMethod !== "private_key_jwt") return "FAPI 2.0 clients must authenticate with private_key_jwt (set token_endpoint_auth_method and jwks or jwks_uri)";
  }
  return null;
}

export async function updateOAuthProfile(clientId: string, input: OAuthProfileInput, actor: DomainEvent["actor"]): Promise<OAuthProfile> {
  const result = await db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId } });
    if (!client) throw new ProductError("client_not_found");
    const next = {
      type: client.type,
      tokenEndpointAuthMethod: input.tokenEndpointAuthMethod === undefined ? client.tokenEndpointAuthMethod : input.tokenEndpointAuthMethod,
      jwks: (input.jwks === undefined ? client.jwks : input.jwks) as Client["jwks"],
      jwksUri: input.jwksUri === undefined ? client.jwksUri : input.jwksUri,
      requirePushedAuthorizationRequests: input.requirePushedAuthorizationRequests ?? client.requirePushedAuthorizationRequests,
      fapi2: input.fapi2 ?? client.fapi2,
    };
    const problem = oauthProfileProblem(next);
    if (problem) throw new ProductError("validation_failed", problem);
    const updated = await tx.client.update({
      where: { id: clientId },
      data: {
        tokenEndpointAuthMethod: next.tokenEndpointAuthMethod,
        jwks: next.jwks === null ? Prisma.DbNull : (next.jwks as Prisma.InputJsonValue),
        jwksUri: next.jwksUri,
        requirePushedAuthorizationRequests: next.requirePushedAuthorizationRequests,
        fapi2: next.fapi2,
      },
    });
    const before = oauthProfileOf(client);
    const after = oauthProfileOf(updated);
    const changed = Object.fromEntries(
      (Object.keys(after) as (keyof OAuthProfile)[])
        .filter((key) => key !== "client_id" && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        .map((key) => [key, { from: key === "jwks" ? Boolean(before[key]) : before[key], to: key === "jwks" ? Boolean(after[key]) : after[key] }]),
    );
    await emit(tx, { type: "client.updated", actor, clientId, subjectId: clientId, data: changed });
    return after;
  });
  forgetClientJwks();
  return result;
}
