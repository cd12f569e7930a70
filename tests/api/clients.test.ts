import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createClient } from "@/lib/clients/create-client";
import { listClients } from "@/lib/clients/list-clients";
import { rotateClientSecret } from "@/lib/clients/rotate-secret";
import { createAdmin } from "@/lib/admin/create-admin";
import { verifyPassword } from "@/lib/admin/password";
import { db } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";

const CLI = { type: "cli" } as const;

describe("partner clients", () => {
  it("creates a workspace and a confidential client whose project id is its client id", async () => {
    const created = await createClient({ name: "Acme", redirectUris: ["https://acme.example/cb"] }, CLI);
    expect(created.project_id).toBe(created.client_id);
    expect(created.client_secret).toMatch(/^tgs_/);
    const workspace = await db().workspace.findUniqueOrThrow({ where: { id: created.workspace_id } });
    expect(workspace.name).toBe("Acme");
    expect(await db().auditEvent.count({ where: { type: "client.created", clientId: created.client_id } })).toBe(1);
  });

  it("adds a client to an existing workspace", async () => {
    const first = await createClient({ name: "Acme web", redirectUris: ["https://acme.example/web"] }, CLI);
    const second = await createClient({ name: "Acme app", redirectUris: ["com.acme.app:/cb"], type: "public", workspaceId: first.workspace_id }, CLI);
    expect(second.workspace_id).toBe(first.workspace_id);
    expect(second.client_secret).toBeNull();
  });

  it("rejects bad input and writes nothing", async () => {
    const before = await db().client.count();
    const workspacesBefore = await db().workspace.count();
    await expect(createClient({ name: "", redirectUris: ["https://ok.example/cb"] }, CLI)).rejects.toBeInstanceOf(ZodError);
    await expect(createClient({ name: "x", redirectUris: [] }, CLI)).rejects.toThrow(/at least one redirect URI/);
    await expect(createClient({ name: "x", redirectUris: ["https://ok.example/cb#f"] }, CLI)).rejects.toThrow(/fragment/);
    await expect(createClient({ name: "x", redirectUris: ["https://ok.example/cb"], workspaceId: "not-a-uuid" }, CLI)).rejects.toBeInstanceOf(ZodError);
    await expect(createClient({ name: "x", redirectUris: ["https://ok.example/cb"], workspaceId: "00000000-0000-4000-8000-000000000000" }, CLI)).rejects.toMatchObject({
      code: "workspace_not_found",
    });
    expect(await db().client.count()).toBe(before);
    expect(await db().workspace.count()).toBe(workspacesBefore);
  });

  it("lists clients without secrets", async () => {
    const clients = await listClients();
    expect(clients.length).toBeGreaterThan(0);
    expect(JSON.stringify(clients)).not.toMatch(/secret/i);
  });

  it("refuses to rotate a public client's or a missing client's secret", async () => {
    const app = await createClient({ name: "App", redirectUris: ["com.app.x:/cb"], type: "public" }, CLI);
    await expect(rotateClientSecret(app.client_id, CLI)).rejects.toMatchObject({ code: "public_client_has_no_secret" });
    await expect(rotateClientSecret("missing", CLI)).rejects.toBeInstanceOf(ProductError);
  });
});

describe("admins", () => {
  it("stores a memory-hard hash and refuses duplicates and weak passwords", async () => {
    const admin = await createAdmin({ email: "Ops@Example.com", password: "a long admin passphrase" }, CLI);
    expect(admin.email).toBe("ops@example.com");
    const row = await db().admin.findUniqueOrThrow({ where: { id: admin.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("a long admin passphrase", row.passwordHash)).toBe(true);
    await expect(createAdmin({ email: "ops@example.com", password: "another long passphrase" }, CLI)).rejects.toMatchObject({ code: "admin_exists" });
    await expect(createAdmin({ email: "new@example.com", password: "short" }, CLI)).rejects.toMatchObject({ code: "weak_password" });
    expect(await db().admin.count({ where: { email: "new@example.com" } })).toBe(0);
  });
});
