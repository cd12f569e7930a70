"use server";
// Client management actions — admins only (adminAction("admin"): reviewers get 403).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import type { ActionResult } from "@/components/admin/ActionForm";
import { setClientBranding } from "@/lib/clients/branding/branding";
import { createClient } from "@/lib/clients/create-client";
import { rotateClientSecret } from "@/lib/clients/rotate-secret";
import { updateOAuthProfile } from "@/lib/clients/update-oauth-profile";
import { updateClientStandards } from "@/lib/clients/update-standards";
import { CLIENT_SECRET_ROTATION_GRACE_S } from "@/lib/config/limits";
import { ZodError } from "zod";
import { ProductError } from "@/lib/errors/product";
import { setAuthenticatorConfig, setRedirectUris, setTrustedAuth } from "@/lib/clients/update-settings";
import { adminAction, attempt, formResult } from "@/lib/http/action";
import { deleteRuleSet, setRuleSet } from "@/lib/risk-actions/rule-store";
import { resendDelivery } from "@/lib/webhooks/deliveries";
import { rotateWebhookSecret, setWebhookUrl } from "@/lib/webhooks/configure";

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** An ActionForm action of an admin: known failures become a message on the form (formResult). */
const adminFormAction = (handler: Parameters<typeof adminAction<ActionResult | null, ActionResult>>[1]) => adminAction<ActionResult | null, ActionResult>("admin", (ctx) => formResult(() => handler(ctx)));

/** "redirectUris.0: must be https" → "Redirect URI 1 (http://x): must be https": words an admin reads, not a path. */
function readableClientError(error: ZodError, uris: string[]): string {
  return error.issues
    .map((issue) => {
      const [fieldName, index] = issue.path;
      if (fieldName === "redirectUris" && typeof index === "number") return `Redirect URI ${index + 1} (${uris[index] ?? ""}): ${issue.message}`;
      if (fieldName === "redirectUris") return `Redirect URIs: ${issue.message}`;
      if (fieldName === "name") return `Name: ${issue.message}`;
      return issue.message;
    })
    .join(" · ");
}

export const createClientAction = adminAction<ActionResult | null, ActionResult>("admin", async ({ field, admin }) => {
  const uris = lines(field("redirect_uris"));
  try {
    const created = await createClient({ name: field("name"), redirectUris: uris, type: field("type") === "public" ? "public" : "confidential" }, { type: "admin", id: admin.id });
    revalidatePath("/admin/clients");
    return {
      ok: `Created client "${created.name}" with client_id ${created.client_id}.`,
      ...(created.client_secret ? { secret: { label: `client_secret of ${created.client_id}`, value: created.client_secret } } : {}),
      signingSecret: { label: `Signing secret of ${created.client_id} (verifies webhooks and callbacks)`, value: created.signing_secret },
    };
  } catch (error) {
    if (error instanceof ZodError) return { error: readableClientError(error, uris) };
    if (error instanceof ProductError) return { error: error.description };
    throw error;
  }
});

export const rotateSecretAction = adminFormAction(async ({ field, admin }) => {
  // The default keeps the old secret working for the grace period; "now" is for a leaked secret.
  const graceS = field("old_secret") === "now" ? 0 : CLIENT_SECRET_ROTATION_GRACE_S;
  const rotated = await rotateClientSecret(field("client_id"), { type: "admin", id: admin.id }, { graceS });
  const until = rotated.previous_secret_valid_until;
  return {
    ok: until ? `The previous secret keeps working until ${until.toISOString().replace("T", " ").slice(0, 16)} UTC; deploy the new one before then.` : "The previous secret no longer works.",
    secret: { label: "New client_secret", value: rotated.client_secret },
  };
});

export const redirectUrisAction = adminFormAction(async ({ field, admin }) => {
  await setRedirectUris(field("client_id"), lines(field("redirect_uris")), { type: "admin", id: admin.id });
  return { ok: "Redirect URIs saved." };
});

/** RFC 8707 resources and the ID token algorithm (OpenID Connect Registration §2). */
export const standardsAction = adminFormAction(async ({ field, admin }) => {
  const alg = field("id_token_alg");
  await updateClientStandards(field("client_id"), { resources: lines(field("resources")), idTokenSignedResponseAlg: alg === "ES256" ? "ES256" : "RS256" }, { type: "admin", id: admin.id });
  return { ok: "Resources and ID token algorithm saved." };
});

export const trustedAuthAction = adminFormAction(async ({ form, field, admin }) => {
  await setTrustedAuth(
    field("client_id"),
    {
      enabled: form.get("enabled") === "on",
      customerApiUrl: field("customer_api_url"),
      headerName: field("header_name"),
      headerValue: field("header_value"),
      clearHeader: form.get("clear_header") === "on",
    },
    { type: "admin", id: admin.id },
  );
  return { ok: "Trusted authentication settings saved." };
});

export const webhookAction = adminFormAction(async ({ field, admin }) => {
  // Clients have their signing secret from creation; one made before that gets it now, shown once.
  const saved = await setWebhookUrl(field("client_id"), field("webhook_url"), { type: "admin", id: admin.id });
  revalidatePath(`/admin/clients/${saved.client_id}`);
  return {
    ok: saved.webhook_url ? "Webhook URL saved." : "Webhook URL removed; no more deliveries will be made.",
    ...(saved.webhook_secret ? { secret: { label: "Webhook signing secret", value: saved.webhook_secret } } : {}),
  };
});

export const rotateWebhookSecretAction = adminFormAction(async ({ field, admin }) => {
  const rotated = await rotateWebhookSecret(field("client_id"), { type: "admin", id: admin.id });
  return { ok: "Webhooks and callbacks from now on (retries included) are signed with the new secret.", secret: { label: "New signing secret", value: rotated.signing_secret } };
});

/** Makes one delivery due again with fresh attempts (same webhook_id), audited as webhook.resend_requested. */
export const resendDeliveryAction = adminAction("admin", async ({ field, admin, ip, requestId }) => {
  const clientId = field("client_id");
  const resent = await attempt(() => resendDelivery(clientId, field("delivery_id"), { actor: { type: "admin", id: admin.id }, ip, requestId }));
  redirect(`/admin/clients/${encodeURIComponent(clientId)}?${resent.ok ? "resent=1" : `error=${resent.code}`}#webhooks`);
});

export const authenticatorAction = adminFormAction(async ({ field, admin }) => {
  await setAuthenticatorConfig(field("client_id"), { issuerName: field("issuer_name"), callbackUrl: field("callback_url"), defaultMessage: field("default_message") }, { type: "admin", id: admin.id });
  return { ok: "Authenticator configuration saved." };
});

/** Replaces one action's risk rules (validated; the error names the offending path). */
export const saveRulesAction = adminFormAction(async ({ field, admin }) => {
  let input: unknown;
  try {
    input = JSON.parse(field("rules"));
  } catch {
    return { error: "The rules are not valid JSON." };
  }
  const saved = await setRuleSet(field("client_id"), field("action").trim(), input, { type: "admin", id: admin.id });
  revalidatePath(`/admin/clients/${saved.clientId}`);
  return { ok: `Rules for ${saved.action} saved (${saved.ruleSet.rules.length} rule(s)).` };
});

/** Removes one action's rules: it falls back to the default outcome (CHALLENGE). */
export const deleteRulesAction = adminAction("admin", async ({ field, admin }) => {
  const clientId = field("client_id");
  const removed = await attempt(() => deleteRuleSet(clientId, field("action"), { type: "admin", id: admin.id }));
  redirect(`/admin/clients/${encodeURIComponent(clientId)}?${removed.ok ? `rules_removed=${encodeURIComponent(field("action"))}` : `error=${removed.code}`}#rules`);
});

/** Client authentication and the FAPI 2.0 profile (lib/clients/update-oauth-profile.ts). */
export const oauthProfileAction = adminFormAction(async ({ form, field, admin }) => {
  const method = field("token_endpoint_auth_method");
  const jwksText = field("jwks").trim();
  let jwks: unknown = null;
  if (jwksText) {
    try {
      jwks = JSON.parse(jwksText);
    } catch {
      return { error: "The JWK Set is not valid JSON." };
    }
  }
  await updateOAuthProfile(
    field("client_id"),
    {
      tokenEndpointAuthMethod: method === "private_key_jwt" || method === "client_secret_basic" || method === "client_secret_post" ? method : null,
      jwks,
      jwksUri: field("jwks_uri").trim() || null,
      requirePushedAuthorizationRequests: form.get("require_par") === "on",
      fapi2: form.get("fapi2") === "on",
    },
    { type: "admin", id: admin.id },
  );
  revalidatePath(`/admin/clients/${field("client_id")}`);
  return { ok: "Client authentication and profile saved." };
});

/** Display name, logo (sniffed: PNG, JPEG or WebP; SVG refused), accent (WCAG AA contrast), policy and terms links. */
export const brandingAction = adminFormAction(async ({ form, field, admin }) => {
  const file = form.get("logo");
  const upload = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : undefined;
  const saved = await setClientBranding(
    field("client_id"),
    {
      displayName: field("display_name"),
      accentColor: field("accent_color"),
      policyUri: field("policy_uri"),
      tosUri: field("tos_uri"),
      logo: form.get("remove_logo") === "on" ? null : upload,
    },
    { type: "admin", id: admin.id },
  );
  revalidatePath(`/admin/clients/${saved.client_id}`);
  return { ok: "Branding saved." };
});
