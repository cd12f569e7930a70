// The client lookup every partner request makes, in plain SQL (see `sql` in lib/db/client.ts).
import { sql } from "@/lib/db";
import type { Client } from "@/lib/db/generated/client";

interface ClientRow {
  id: string;
  workspace_id: string;
  name: string;
  type: Client["type"];
  secret_hash: string | null;
  secret_rotated_at: Date | null;
  redirect_uris: string[];
  demo: boolean;
  trusted_auth_enabled: boolean;
  customer_api_url: string | null;
  customer_api_header_name: string | null;
  customer_api_header_value_enc: string | null;
  webhook_url: string | null;
  webhook_secret_enc: string | null;
  authenticator_issuer_name: string | null;
  authenticator_callback_url: string | null;
  authenticator_default_message: string | null;
  sandbox_auto_approve: boolean;
  post_logout_redirect_uris: string[] | null;
  backchannel_logout_uri: string | null;
  disabled_at: Date | null;
  id_token_signed_response_alg: string;
  resources: string[] | null;
  created_at: Date;
  updated_at: Date;
  token_endpoint_auth_method: string | null;
  jwks: Client["jwks"];
  jwks_uri: string | null;
  require_pushed_authorization_requests: boolean;
  fapi2: boolean;
  previous_secret_hash: string | null;
  previous_secret_expires_at: Date | null;
  display_name: string | null;
  logo_hash: string | null;
  accent_color: string | null;
  policy_uri: string | null;
  tos_uri: string | null;
}

export async function findClient(id: string): Promise<Client | null> {
  if (id.length > 200) return null;
  const [row] = await sql<ClientRow>(`SELECT * FROM clients WHERE id = $1`, [id]);
  if (!row) return null;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    type: row.type,
    secretHash: row.secret_hash,
    secretRotatedAt: row.secret_rotated_at,
    redirectUris: row.redirect_uris,
    demo: row.demo,
    trustedAuthEnabled: row.trusted_auth_enabled,
    customerApiUrl: row.customer_api_url,
    customerApiHeaderName: row.customer_api_header_name,
    customerApiHeaderValueEnc: row.customer_api_header_value_enc,
    webhookUrl: row.webhook_url,
    webhookSecretEnc: row.webhook_secret_enc,
    authenticatorIssuerName: row.authenticator_issuer_name,
    authenticatorCallbackUrl: row.authenticator_callback_url,
    authenticatorDefaultMessage: row.authenticator_default_message,
    sandboxAutoApprove: row.sandbox_auto_approve,
    postLogoutRedirectUris: row.post_logout_redirect_uris ?? [],
    backchannelLogoutUri: row.backchannel_logout_uri,
    disabledAt: row.disabled_at,
    idTokenSignedResponseAlg: row.id_token_signed_response_alg,
    resources: row.resources ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    tokenEndpointAuthMethod: row.token_endpoint_auth_method,
    jwks: row.jwks,
    jwksUri: row.jwks_uri,
    requirePushedAuthorizationRequests: row.require_pushed_authorization_requests,
    fapi2: row.fapi2,
    previousSecretHash: row.previous_secret_hash,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    displayName: row.display_name,
    logoHash: row.logo_hash,
    accentColor: row.accent_color,
    policyUri: row.policy_uri,
    tosUri: row.tos_uri,
  };
}
