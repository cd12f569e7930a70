"use server";
// Client management actions — admins only (reviewers get 403 from requireAdmin("admin")).
import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import type { ActionResult } from "@/components/admin/ActionForm";
import { requireAdmin } from "@/lib/admin/current-admin";
import { createClient } from "@/lib/clients/create-client";
import { rotateClientSecret } from "@/lib/clients/rotate-secret";
import { CLIENT_SECRET_ROTATION_GRACE_S } from "@/lib/config/limits";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { deleteRuleSet, setRuleSet } from "@/lib/risk-actions/rule-store";
import { setAuthenticatorConfig, setRedirectUris, setTrustedAuth } from "@/lib/clients/update-settings";
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from "@/lib/http/request-context";
import { resendDelivery } from "@/lib/webhooks/deliveries";
import { rotateWebhookSecret, setWebhookUrl } from "@/lib/webhooks/configure";
import { ProductError } from "@/lib/errors/product";
import { describeZodError } from "@/lib/http/respond";

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Known failures become a message on the form; anything else is a server error. */
async function attempt(work: () => Promise<ActionResult>): Promise<ActionResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ZodError) return { error: describeZodError(error).description };
    if (error instanceof ProductError) return { error: error.description };
    throw error;
  }
}

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

export async function createClientAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  const uris = lines(field(form, "redirect_uris"));
  try {
    const created = await createClient(
      { name: field(form, "name"), redirectUris: uris, type: field(form, "type") === "public" ? "public" : "confidential" },
      { type: "admin", id: admin.id },
    );
    revalidatePath("/admin/clients");
    return {
      ok: `Created client "${created.name}" with client_id ${created.client_id}.`,
      ...(created.client_secret ? { secret: { label: `client_secret of ${created.client_id}`, value: created.client_secret } } : {}),
    };
  } catch (error) {
    if (error instanceof ZodError) return { error: readableClientError(error, uris) };
    if (error instanceof ProductError) return { error: error.description };
    throw error;
  }
}

export async function rotateSecretAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  // The default keeps the old secret working for the grace period; "now" is for a leaked secret.
  const graceS = field(form, "old_secret") === "now" ? 0 : CLIENT_SECRET_ROTATION_GRACE_S;
  return attempt(async () => {
    const rotated = await rotateClientSecret(field(form, "client_id"), { type: "admin", id: admin.id }, { graceS });
    const until = rotated.previous_secret_valid_until;
    return {
      ok: until ? `The previous secret keeps working until ${until.toISOString().replace("T", " ").slice(0, 16)} UTC; deploy the new one before then.` : "The previous secret no longer works.",
      secret: { label: "New client_secret", value: rotated.client_secret },
    };
  });
}

export async function redirectUrisAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  return attempt(async () => {
    await setRedirectUris(field(form, "client_id"), lines(field(form, "redirect_uris")), { type: "admin", id: admin.id });
    return { ok: "Redirect URIs saved." };
  });
}

export async function trustedAuthAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  return attempt(async () => {
    await setTrustedAuth(
      field(form, "client_id"),
      {
        enabled: form.get("enabled") === "on",
        customerApiUrl: field(form, "customer_api_url"),
        headerName: field(form, "header_name"),
        headerValue: field(form, "header_value"),
        clearHeader: form.get("clear_header") === "on",
      },
      { type: "admin", id: admin.id },
    );
    return { ok: "Trusted authentication settings saved." };
  });
}

export async function webhookAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  return attempt(async () => {
    // lib/webhooks/configure: the first URL also creates the signing secret, returned only now.
    const saved = await setWebhookUrl(field(form, "client_id"), field(form, "webhook_url"), { type: "admin", id: admin.id });
    revalidatePath(`/admin/clients/${saved.client_id}`);
    return {
      ok: saved.webhook_url ? "Webhook URL saved." : "Webhook URL removed; no more deliveries will be made.",
      ...(saved.webhook_secret ? { secret: { label: "Webhook signing secret", value: saved.webhook_secret } } : {}),
    };
  });
}

export async function rotateWebhookSecretAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  return attempt(async () => {
    const rotated = await rotateWebhookSecret(field(form, "client_id"), { type: "admin", id: admin.id });
    return { ok: "Deliveries from now on (retries included) are signed with the new secret.", secret: { label: "New webhook signing secret", value: rotated.webhook_secret } };
  });
}

/** Makes one delivery due again with fresh attempts (same webhook_id), audited as webhook.resend_requested. */
export async function resendDeliveryAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("admin");
  const clientId = field(form, "client_id");
  const requestHeaders = await headers();
  let outcome = "resent=1";
  try {
    await resendDelivery(clientId, field(form, "delivery_id"), {
      actor: { type: "admin", id: admin.id },
      ip: requestHeaders.get(CLIENT_IP_HEADER),
      requestId: requestHeaders.get(REQUEST_ID_HEADER),
    });
  } catch (error) {
    if (!(error instanceof ProductError)) throw error;
    outcome = `error=${error.code}`;
  }
  redirect(`/admin/clients/${encodeURIComponent(clientId)}?${outcome}#webhooks`);
}

export async function authenticatorAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  return attempt(async () => {
    await setAuthenticatorConfig(
      field(form, "client_id"),
      { issuerName: field(form, "issuer_name"), callbackUrl: field(form, "callback_url"), defaultMessage: field(form, "default_message") },
      { type: "admin", id: admin.id },
    );
    return { ok: "Authenticator configuration saved." };
  });
}

/** Replaces one action's risk rules (validated; the error names the offending path). */
export async function saveRulesAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  return attempt(async () => {
    let input: unknown;
    try {
      input = JSON.parse(field(form, "rules"));
    } catch {
      return { error: "The rules are not valid JSON." };
    }
    const saved = await setRuleSet(field(form, "client_id"), field(form, "action").trim(), input, { type: "admin", id: admin.id });
    revalidatePath(`/admin/clients/${saved.clientId}`);
    return { ok: `Rules for ${saved.action} saved (${saved.ruleSet.rules.length} rule(s)).` };
  });
}

/** Removes one action's rules: it falls back to the default outcome (CHALLENGE). */
export async function deleteRulesAction(form: FormData): Promise<void> {
  const admin = await requireAdmin("admin");
  const clientId = field(form, "client_id");
  let outcome = `rules_removed=${encodeURIComponent(field(form, "action"))}`;
  try {
    await deleteRuleSet(clientId, field(form, "action"), { type: "admin", id: admin.id });
  } catch (error) {
    if (!(error instanceof ProductError)) throw error;
    outcome = `error=${error.code}`;
  }
  redirect(`/admin/clients/${encodeURIComponent(clientId)}?${outcome}#rules`);
}
