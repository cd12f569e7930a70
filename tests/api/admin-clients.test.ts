// Client and admin management behind the dashboard: URLs validated, write-only secrets encrypted,
// every change audited with the admin as actor; disabling an admin ends their sessions.
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import { createAdmin } from "@/lib/admin/create-admin";
import { disableAdmin, resetAdminTotp, resetAdminTotpByEmail } from "@/lib/admin/manage-admins";
import { createAdminSession, resolveAdminSession } from "@/lib/admin/sessions";
import { setAuthenticatorConfig, setRedirectUris, setTrustedAuth } from "@/lib/clients/update-settings";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { purgeExpired } from "@/lib/maintenance/purge-expired";
import { ProductError } from "@/lib/errors/product";
import { createTestClient } from "../support/fixtures";

const actor = { type: "admin" as const, id: "00000000-0000-4000-8000-000000000001" };

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ZodError) return error.issues[0]!.message;
    if (error instanceof ProductError) return error.code;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("client settings from the dashboard", () => {
  it("redirect URIs are validated like at creation and replaced atomically", async () => {
    const client = await createTestClient();
    expect(await rejection(setRedirectUris(client.client_id, ["javascript:alert(1)"], actor))).toMatch(/forbidden scheme|must use/);
    expect(await rejection(setRedirectUris(client.client_id, ["https://a.example/cb#frag"], actor))).toMatch(/fragment/);
    expect(await rejection(setRedirectUris(client.client_id, [], actor))).toMatch(/at least one/);
    await setRedirectUris(client.client_id, ["https://a.example/cb", "https://a.example/cb", "https://b.example/cb"], actor);
    expect((await db().client.findUniqueOrThrow({ where: { id: client.client_id } })).redirectUris).toEqual(["https://a.example/cb", "https://b.example/cb"]);
    const event = await db().auditEvent.findFirstOrThrow({ where: { clientId: client.client_id, type: "client.updated" } });
    expect(event).toMatchObject({ actorType: "admin", actorId: actor.id });
  });

  it("trusted auth needs a valid customer API URL; the header value is stored encrypted and never audited", async () => {
    const client = await createTestClient();
    expect(await rejection(setTrustedAuth(client.client_id, { enabled: true, customerApiUrl: "", headerName: "", headerValue: "" }, actor))).toBe("validation_failed");
    expect(await rejection(setTrustedAuth(client.client_id, { enabled: true, customerApiUrl: "ftp://x.example", headerName: "", headerValue: "" }, actor))).toMatch(/https/);
    expect(await rejection(setTrustedAuth(client.client_id, { enabled: true, customerApiUrl: "https://u:p@x.example", headerName: "", headerValue: "" }, actor))).toMatch(/credentials/);
    expect(await rejection(setTrustedAuth(client.client_id, { enabled: true, customerApiUrl: "https://x.example", headerName: "Bad Header", headerValue: "v" }, actor))).toMatch(/header name/);
    await setTrustedAuth(client.client_id, { enabled: true, customerApiUrl: "https://api.partner.example", headerName: "X-Api-Key", headerValue: "s3cret-value" }, actor);
    const stored = await db().client.findUniqueOrThrow({ where: { id: client.client_id } });
    expect(stored).toMatchObject({ trustedAuthEnabled: true, customerApiUrl: "https://api.partner.example", customerApiHeaderName: "X-Api-Key" });
    expect(stored.customerApiHeaderValueEnc).not.toContain("s3cret-value");
    expect(decryptSecret(stored.customerApiHeaderValueEnc!, "customer-api-header")).toBe("s3cret-value");
    // An empty value keeps the stored one.
    await setTrustedAuth(client.client_id, { enabled: false, customerApiUrl: "https://api.partner.example", headerName: "X-Api-Key", headerValue: "" }, actor);
    expect((await db().client.findUniqueOrThrow({ where: { id: client.client_id } })).customerApiHeaderValueEnc).toBe(stored.customerApiHeaderValueEnc);
    const audits = await db().auditEvent.findMany({ where: { clientId: client.client_id, type: "client.updated" } });
    expect(JSON.stringify(audits)).not.toContain("s3cret-value");
  });

  it("webhook and authenticator callback URLs must be absolute http(s) URLs", async () => {
    const client = await createTestClient();
    expect(await rejection(setWebhookUrl(client.client_id, "not a url", actor))).toBe("webhook_url_invalid");
    // The dashboard's webhook form goes through lib/webhooks/configure; the signing secret came with the client.
    const saved = await setWebhookUrl(client.client_id, "https://hooks.partner.example/trustgate", actor);
    expect(saved.webhook_secret).toBeUndefined();
    expect(await rejection(setAuthenticatorConfig(client.client_id, { issuerName: "Acme", callbackUrl: "javascript:x", defaultMessage: "" }, actor))).toMatch(/https/);
    await setAuthenticatorConfig(client.client_id, { issuerName: "Acme", callbackUrl: "https://cb.partner.example", defaultMessage: "Approve?" }, actor);
    expect(await db().client.findUniqueOrThrow({ where: { id: client.client_id } })).toMatchObject({
      webhookUrl: "https://hooks.partner.example/trustgate",
      authenticatorIssuerName: "Acme",
      authenticatorCallbackUrl: "https://cb.partner.example",
      authenticatorDefaultMessage: "Approve?",
    });
    expect(await rejection(setWebhookUrl("no-such-client", null, actor))).toBe("client_not_found");
  });
});

describe("admin accounts from the dashboard", () => {
  it("disabling or resetting TOTP ends the admin's sessions; nobody changes their own account", async () => {
    const target = await createAdmin({ email: `target.${process.pid}@example.com`, password: "correct horse battery staple", role: "reviewer" }, { type: "cli" });
    const sid = await db().$transaction((tx) => createAdminSession(tx, { adminId: target.id, ip: null, userAgent: null, now: new Date() }));
    expect(await resolveAdminSession(sid)).toHaveProperty("admin");
    await resetAdminTotp(target.id, actor);
    expect(await resolveAdminSession(sid)).toEqual({ problem: "revoked" });
    const sid2 = await db().$transaction((tx) => createAdminSession(tx, { adminId: target.id, ip: null, userAgent: null, now: new Date() }));
    await disableAdmin(target.id, actor);
    expect(await resolveAdminSession(sid2)).toEqual({ problem: "revoked" });
    expect(await rejection(disableAdmin(target.id, { type: "admin", id: target.id }))).toBe("validation_failed");
    // The ops CLI's recovery path (admin reset-totp --email).
    await db().admin.update({ where: { id: target.id }, data: { totpSecretEnc: "v1.x.y.z", totpLastStep: 1 } });
    expect(await resetAdminTotpByEmail(target.email.toUpperCase(), { type: "cli" })).toEqual({ id: target.id, email: target.email });
    expect(await db().admin.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ totpSecretEnc: null, totpLastStep: null });
    expect(await rejection(resetAdminTotpByEmail("nobody@example.com", { type: "cli" }))).toBe("not_found");
    expect((await db().auditEvent.findMany({ where: { subjectId: target.id }, select: { type: true } })).map((e) => e.type)).toEqual(expect.arrayContaining(["admin.totp_reset", "admin.disabled"]));
  });
});

describe("housekeeping", () => {
  it("expired admin sign-in tickets and sessions are purged a day after they expire", async () => {
    const admin = await createAdmin({ email: `purge.${process.pid}@example.com`, password: "correct horse battery staple" }, { type: "cli" });
    const longAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    await db().$transaction((tx) => createAdminSession(tx, { adminId: admin.id, ip: null, userAgent: null, now: longAgo }));
    const live = await db().$transaction((tx) => createAdminSession(tx, { adminId: admin.id, ip: null, userAgent: null, now: new Date() }));
    const counts = await purgeExpired();
    expect(counts.adminSessions).toBe(1);
    expect(await resolveAdminSession(live)).toHaveProperty("admin");
  });
});
