// GET /admin/clients/{id} — one partner client's settings (admins only).
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/ActionForm";
import { AdminShell, Notice, Panel } from "@/components/admin/AdminShell";
import { dashboardError } from "@/components/admin/messages-dashboard";
import { when } from "@/components/admin/format";
import { RulesPanel } from "@/components/admin/RulesPanel";
import { WebhookDeliveries } from "@/components/admin/WebhookDeliveries";
import { listRuleSets } from "@/lib/risk-actions/rule-store";
import { ADMIN_PAGE_SIZE, CLIENT_SECRET_ROTATION_GRACE_S } from "@/lib/config/limits";
import { decodeCursor } from "@/lib/db/keyset";
import { listDeliveries } from "@/lib/webhooks/deliveries";
import { adminInput, adminLabel } from "@/components/admin/ui";
import { clientSettings } from "@/lib/admin/client-pages";
import { logoPath } from "@/lib/clients/branding/branding";
import { requireAdmin } from "@/lib/admin/current-admin";
import { signOutAction } from "../../actions";
import {
  authenticatorAction,
  brandingAction,
  deleteRulesAction,
  oauthProfileAction,
  redirectUrisAction,
  saveRulesAction,
  resendDeliveryAction,
  rotateSecretAction,
  rotateWebhookSecretAction,
  standardsAction,
  trustedAuthAction,
  webhookAction,
} from "../actions";

export const metadata = { title: "Client" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> };

/** A cursor from the URL that does not decode starts over at the newest delivery. */
function validCursor(value: string | undefined): string | undefined {
  return decodeCursor(value, { uuid: true }) ? value : undefined;
}

export default async function ClientPage({ params, searchParams }: Props) {
  const admin = await requireAdmin("admin");
  const { id } = await params;
  const { deliveries_after, resent, error, rules_removed } = await searchParams;
  const client = await clientSettings(id);
  if (!client) notFound();
  const after = validCursor(deliveries_after);
  const [deliveries, ruleSets] = await Promise.all([listDeliveries(client.id, { limit: ADMIN_PAGE_SIZE, cursor: after }), listRuleSets(client.id)]);
  const hidden = <input type="hidden" name="client_id" value={client.id} />;
  return (
    <AdminShell admin={admin} signOutAction={signOutAction}>
      <h1 className="text-2xl font-bold">{client.name}</h1>
      <p className="font-mono text-sm text-slate-600">
        client_id {client.id} · {client.type}
      </p>
      <Panel title="Branding" id="branding">
        <p className="mb-3 text-sm text-slate-700">What this partner&apos;s users see on the sign-in, consent, status, error and challenge pages.</p>
        <ActionForm action={brandingAction} submitLabel="Save branding">
          {hidden}
          <div>
            <label htmlFor="display_name" className={adminLabel}>
              Display name (empty: {client.name})
            </label>
            <input id="display_name" name="display_name" defaultValue={client.displayName ?? ""} maxLength={80} className={adminInput} />
          </div>
          <div>
            <label htmlFor="logo" className={adminLabel}>
              Logo: PNG, JPEG or WebP, at most 100 KB and 1024 × 1024 pixels (SVG is refused)
            </label>
            <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp" className={adminInput} />
            {client.logoHash ? (
              <p className="mt-2 flex items-center gap-3 text-sm text-slate-700">
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img src={logoPath(client.id, client.logoHash)} alt="Current logo" className="h-8 w-auto max-w-40 object-contain" />
                <label className="flex items-center gap-2">
                  <input type="checkbox" name="remove_logo" /> Remove the logo
                </label>
              </p>
            ) : null}
          </div>
          <div>
            <label htmlFor="accent_color" className={adminLabel}>
              Accent colour, like #1d4ed8 (needs 4.5:1 contrast with the page background; empty: Trustgate&apos;s)
            </label>
            <input id="accent_color" name="accent_color" defaultValue={client.accentColor ?? ""} maxLength={7} className={adminInput} />
          </div>
          <div>
            <label htmlFor="policy_uri" className={adminLabel}>
              Privacy policy URL (https)
            </label>
            <input id="policy_uri" name="policy_uri" type="url" defaultValue={client.policyUri ?? ""} className={adminInput} />
          </div>
          <div>
            <label htmlFor="tos_uri" className={adminLabel}>
              Terms of service URL (https)
            </label>
            <input id="tos_uri" name="tos_uri" type="url" defaultValue={client.tosUri ?? ""} className={adminInput} />
          </div>
        </ActionForm>
      </Panel>
      <Panel title="Redirect URIs" id="redirects">
        <ActionForm action={redirectUrisAction} submitLabel="Save redirect URIs">
          {hidden}
          <label htmlFor="redirect_uris" className={adminLabel}>
            One per line; matched exactly
          </label>
          <textarea id="redirect_uris" name="redirect_uris" rows={4} defaultValue={client.redirectUris.join("\n")} className={adminInput} />
        </ActionForm>
      </Panel>
      <Panel title="Resources and ID tokens" id="standards">
        <ActionForm action={standardsAction} submitLabel="Save resources and ID token algorithm">
          {hidden}
          <label htmlFor="resources" className={adminLabel}>
            Resources (RFC 8707): one absolute URI per line. Access tokens asked for one carry it as aud; without any, aud is Trustgate itself.
          </label>
          <textarea id="resources" name="resources" rows={3} defaultValue={client.resources.join("\n")} className={adminInput} />
          <div>
            <label htmlFor="id_token_alg" className={adminLabel}>
              ID token signing algorithm (id_token_signed_response_alg)
            </label>
            <select id="id_token_alg" name="id_token_alg" defaultValue={client.idTokenSignedResponseAlg} className={adminInput}>
              <option value="RS256">RS256 (default, every OpenID Connect library)</option>
              <option value="ES256">ES256</option>
            </select>
          </div>
        </ActionForm>
      </Panel>
      {client.type === "confidential" ? (
        <Panel title="Client secret" id="secret">
          <p className="mb-3 text-sm text-slate-700">
            Rotating issues a new secret, shown once. The old one keeps working for {CLIENT_SECRET_ROTATION_GRACE_S / 3600} hours so the partner can deploy the new one
            {client.previousSecretExpiresAt && client.previousSecretExpiresAt > new Date() ? ` (the secret before the last rotation works until ${when(client.previousSecretExpiresAt)})` : ""}; end it at once only if it leaked.
          </p>
          <ActionForm
            action={rotateSecretAction}
            submitLabel="Rotate secret"
            confirm={{ question: "Issue a new client secret? Every system that uses the current one must be given the new one.", confirmLabel: "Yes, rotate the secret" }}
          >
            {hidden}
            <fieldset className="space-y-1 text-sm">
              <legend className={adminLabel}>The current secret</legend>
              <label className="flex items-center gap-2">
                <input type="radio" name="old_secret" value="grace" defaultChecked /> keeps working for {CLIENT_SECRET_ROTATION_GRACE_S / 3600} hours
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="old_secret" value="now" /> stops working now (it leaked)
              </label>
            </fieldset>
          </ActionForm>
        </Panel>
      ) : null}
      {client.type === "confidential" ? (
        <Panel title="Client authentication and FAPI 2.0" id="oauth-profile">
          <ActionForm action={oauthProfileAction} submitLabel="Save client authentication">
            {hidden}
            <div>
              <label htmlFor="token_endpoint_auth_method" className={adminLabel}>
                Token endpoint authentication
              </label>
              <select id="token_endpoint_auth_method" name="token_endpoint_auth_method" defaultValue={client.tokenEndpointAuthMethod ?? "default"} className={adminInput}>
                <option value="default">Client secret (Basic or post)</option>
                <option value="private_key_jwt">private_key_jwt (signed assertion, RFC 7523)</option>
              </select>
            </div>
            <div>
              <label htmlFor="jwks" className={adminLabel}>
                Public keys for private_key_jwt: a JWK Set (JSON), or a jwks_uri below
              </label>
              <textarea id="jwks" name="jwks" rows={4} defaultValue={client.jwks ? JSON.stringify(client.jwks, null, 2) : ""} className={`${adminInput} font-mono text-xs`} />
            </div>
            <div>
              <label htmlFor="jwks_uri" className={adminLabel}>
                jwks_uri
              </label>
              <input id="jwks_uri" name="jwks_uri" type="url" defaultValue={client.jwksUri ?? ""} className={adminInput} />
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="require_par" defaultChecked={client.requirePushedAuthorizationRequests} /> Require pushed authorization requests (PAR)
            </label>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="fapi2" defaultChecked={client.fapi2} /> FAPI 2.0 Security Profile (PAR, PKCE, private_key_jwt, DPoP-bound tokens)
            </label>
          </ActionForm>
        </Panel>
      ) : null}
      <Panel title="Trusted authentication" id="trusted-auth">
        <ActionForm action={trustedAuthAction} submitLabel="Save trusted authentication">
          {hidden}
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="enabled" defaultChecked={client.trustedAuthEnabled} /> Trusted authentication enabled
          </label>
          <div>
            <label htmlFor="customer_api_url" className={adminLabel}>
              Customer API URL
            </label>
            <input id="customer_api_url" name="customer_api_url" type="url" defaultValue={client.customerApiUrl ?? ""} className={adminInput} />
          </div>
          <div>
            <label htmlFor="header_name" className={adminLabel}>
              Auth header name (optional)
            </label>
            <input id="header_name" name="header_name" defaultValue={client.customerApiHeaderName ?? ""} className={adminInput} />
          </div>
          <div>
            <label htmlFor="header_value" className={adminLabel}>
              Auth header value ({client.hasHeaderValue ? "set — leave empty to keep it" : "not set"})
            </label>
            <input id="header_value" name="header_value" type="password" autoComplete="off" className={adminInput} />
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="clear_header" /> Remove the auth header
          </label>
        </ActionForm>
      </Panel>
      <Panel title="Webhooks" id="webhooks">
        {resent ? <Notice tone="info">Delivery queued again with fresh attempts.</Notice> : null}
        {error ? <Notice tone="error">{dashboardError(error)}</Notice> : null}
        <ActionForm action={webhookAction} submitLabel="Save webhook URL">
          {hidden}
          <label htmlFor="webhook_url" className={adminLabel}>
            Webhook URL (user_updated, user_intent_updated); empty to stop deliveries
          </label>
          <input id="webhook_url" name="webhook_url" type="url" defaultValue={client.webhookUrl ?? ""} className={adminInput} />
          <p className="text-xs text-slate-600">
            Signing secret (webhooks and authenticator callbacks):{" "}
            {client.hasWebhookSecret ? "set (shown only when the client was created or the secret rotated)" : "created and shown once when the first URL is saved, or by rotating it"}.
          </p>
        </ActionForm>
        <div className="mt-4">
          <ActionForm action={rotateWebhookSecretAction} submitLabel="Rotate signing secret">
            {hidden}
          </ActionForm>
        </div>
        <h3 className="mb-2 mt-6 font-semibold">Delivery log</h3>
        <WebhookDeliveries clientId={client.id} page={deliveries} after={after} resendAction={resendDeliveryAction} />
      </Panel>
      <Panel title="Authenticator configuration" id="authenticator">
        <ActionForm action={authenticatorAction} submitLabel="Save authenticator configuration">
          {hidden}
          <div>
            <label htmlFor="issuer_name" className={adminLabel}>
              Issuer name
            </label>
            <input id="issuer_name" name="issuer_name" defaultValue={client.authenticatorIssuerName ?? ""} className={adminInput} />
          </div>
          <div>
            <label htmlFor="callback_url" className={adminLabel}>
              Challenge callback URL
            </label>
            <input id="callback_url" name="callback_url" type="url" defaultValue={client.authenticatorCallbackUrl ?? ""} className={adminInput} />
          </div>
          <div>
            <label htmlFor="default_message" className={adminLabel}>
              Default challenge message
            </label>
            <input id="default_message" name="default_message" defaultValue={client.authenticatorDefaultMessage ?? ""} className={adminInput} />
          </div>
        </ActionForm>
      </Panel>
      <Panel title="Risk-action rules" id="rules">
        {rules_removed ? <Notice tone="info">Rules for {rules_removed} removed; the action uses the default outcome.</Notice> : null}
        <RulesPanel clientId={client.id} ruleSets={ruleSets} saveAction={saveRulesAction} deleteAction={deleteRulesAction} />
      </Panel>
    </AdminShell>
  );
}
