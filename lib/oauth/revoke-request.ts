// POST /v1/oauth/revoke — RFC 7009. The answer is 200 whether or not anything was revoked, so a
// client learns nothing about tokens that are not its own (§2.2).
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { authenticateClient } from "@/lib/clients/authenticate";
import { findPresentedToken } from "./find-presented-token";
import { revokeFamily } from "./revoke-tokens";
import { revokeAccessTokenRow } from "./token-store";
import { formObject, tokenLookupRequest } from "./schemas";

export async function handleRevocationRequest(req: Request, form: URLSearchParams, meta: { ip: string; requestId: string }): Promise<void> {
  // §2.1: public clients may revoke their own tokens (e.g. on sign-out) with their client_id.
  const { client } = await authenticateClient(req, { ...meta, allowPublic: true }, form);
  const input = tokenLookupRequest.parse(formObject(form));
  await revokeToken(client.id, input.token, meta);
}

export async function revokeToken(clientId: string, token: string, meta: { ip: string; requestId: string }): Promise<void> {
  const found = await findPresentedToken(token, clientId);
  if (found.kind === "unknown") return;
  const event = { actor: { type: "client" as const, id: clientId }, clientId, ip: meta.ip, requestId: meta.requestId };
  await db().$transaction(async (tx) => {
    if (found.kind === "refresh_token") {
      // §2.1: revoking a refresh token also revokes the access tokens of the same grant.
      const revoked = await revokeFamily(tx, found.row.familyId);
      if (revoked.refresh_tokens || revoked.access_tokens) {
        await emit(tx, { ...event, type: "refresh_token.revoked", userId: found.row.userId, subjectId: found.row.familyId, data: { revoked: { ...revoked } } });
      }
      return;
    }
    const count = await revokeAccessTokenRow(tx, found.claims.jti, clientId);
    if (count) {
      const userId = found.claims.auth_method ? found.claims.sub : null;
      await emit(tx, { ...event, type: "access_token.revoked", userId, subjectId: found.claims.jti });
    }
  });
}
