// A client's logout settings: RP-Initiated Logout 1.0 `post_logout_redirect_uris` (exact match,
// the same rules as redirect URIs) and Back-Channel Logout 1.0 `backchannel_logout_uri` (a partner
// URL called by Trustgate, so the webhook URL policy applies: https in production).
import { db } from "@/lib/db";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { webhookUrlProblem } from "@/lib/webhooks/url-policy";
import { redirectUriProblem } from "./redirect-uri";

export interface LogoutSettings {
  /** Replaces the list ([] clears it). */
  postLogoutRedirectUris?: string[];
  /** null removes it. */
  backchannelLogoutUri?: string | null;
}

export async function setLogoutSettings(clientId: string, settings: LogoutSettings, actor: DomainEvent["actor"]): Promise<{ client_id: string; post_logout_redirect_uris: string[]; backchannel_logout_uri: string | null }> {
  for (const uri of settings.postLogoutRedirectUris ?? []) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new ProductError("validation_failed", `post_logout_redirect_uri ${problem}`);
  }
  if (settings.backchannelLogoutUri) {
    const problem = webhookUrlProblem(settings.backchannelLogoutUri);
    if (problem) throw new ProductError("validation_failed", `backchannel_logout_uri: ${problem}`);
  }
  return db().$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { postLogoutRedirectUris: true, backchannelLogoutUri: true } });
    if (!client) throw new ProductError("client_not_found");
    const data = {
      postLogoutRedirectUris: settings.postLogoutRedirectUris ? [...new Set(settings.postLogoutRedirectUris)] : client.postLogoutRedirectUris,
      backchannelLogoutUri: settings.backchannelLogoutUri !== undefined ? settings.backchannelLogoutUri : client.backchannelLogoutUri,
    };
    await tx.client.update({ where: { id: clientId }, data });
    await emit(tx, { type: "client.updated", actor, clientId, subjectId: clientId, data: { post_logout_redirect_uris: data.postLogoutRedirectUris, backchannel_logout_uri: data.backchannelLogoutUri } });
    return { client_id: clientId, post_logout_redirect_uris: data.postLogoutRedirectUris, backchannel_logout_uri: data.backchannelLogoutUri };
  });
}
