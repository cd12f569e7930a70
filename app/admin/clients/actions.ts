"use server";
// Client management actions — admins only (reviewers get 403 from requireAdmin("admin")).
import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import type { ActionResult } from "@/components/admin/ActionForm";
import { requireAdmin } from "@/lib/admin/current-admin";
import { createClient } from "@/lib/clients/create-client";
import { rotateClientSecret } from "@/lib/clients/rotate-secret";
import { setAuthenticatorConfig, setRedirectUris, setTrustedAuth, setWebhookUrl } from "@/lib/clients/update-settings";
import { ProductError } from "@/lib/http/product-errors";
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

export async function createClientAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  return attempt(async () => {
    const created = await createClient(
      { name: field(form, "name"), redirectUris: lines(field(form, "redirect_uris")), type: field(form, "type") === "public" ? "public" : "confidential" },
      { type: "admin", id: admin.id },
    );
    revalidatePath("/admin/clients");
    return {
      ok: `Created client "${created.name}" with client_id ${created.client_id}.`,
      ...(created.client_secret ? { secret: { label: `client_secret of ${created.client_id}`, value: created.client_secret } } : {}),
    };
  });
}

export async function rotateSecretAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  return attempt(async () => {
    const rotated = await rotateClientSecret(field(form, "client_id"), { type: "admin", id: admin.id });
    return { ok: "The previous secret no longer works.", secret: { label: "New client_secret", value: rotated.client_secret } };
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
    await setWebhookUrl(field(form, "client_id"), { webhookUrl: field(form, "webhook_url") }, { type: "admin", id: admin.id });
    return { ok: "Webhook URL saved." };
  });
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
