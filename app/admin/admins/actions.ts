"use server";
// Admin management actions — admins only.
import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import type { ActionResult } from "@/components/admin/ActionForm";
import { createAdmin } from "@/lib/admin/create-admin";
import { requireAdmin } from "@/lib/admin/current-admin";
import { disableAdmin, enableAdmin, resetAdminTotp } from "@/lib/admin/manage-admins";
import { ProductError } from "@/lib/errors/product";
import { describeZodError } from "@/lib/errors/zod";

function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

async function attempt(work: () => Promise<ActionResult>): Promise<ActionResult> {
  try {
    const result = await work();
    revalidatePath("/admin/admins");
    return result;
  } catch (error) {
    if (error instanceof ZodError) return { error: describeZodError(error).description };
    if (error instanceof ProductError) return { error: error.description };
    throw error;
  }
}

export async function createAdminAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  return attempt(async () => {
    const role = field(form, "role") === "reviewer" ? "reviewer" : "admin";
    const created = await createAdmin({ email: field(form, "email"), password: field(form, "password"), role }, { type: "admin", id: admin.id });
    return { ok: `Created ${created.role} ${created.email}. They enrol an authenticator app at their first sign-in.` };
  });
}

export async function adminAccountAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  const admin = await requireAdmin("admin");
  const actor = { type: "admin" as const, id: admin.id };
  const target = field(form, "admin_id");
  return attempt(async () => {
    switch (field(form, "operation")) {
      case "disable":
        await disableAdmin(target, actor);
        return { ok: "Disabled; their sessions have ended." };
      case "enable":
        await enableAdmin(target, actor);
        return { ok: "Enabled." };
      case "reset_totp":
        await resetAdminTotp(target, actor);
        return { ok: "Authenticator reset; they enrol a new one at their next sign-in." };
      default:
        return { error: "Unknown operation" };
    }
  });
}
