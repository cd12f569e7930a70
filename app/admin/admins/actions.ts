"use server";
// Admin management actions — admins only (adminAction, lib/http/action.ts).
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/components/admin/ActionForm";
import { createAdmin } from "@/lib/admin/create-admin";
import { disableAdmin, enableAdmin, resetAdminTotp } from "@/lib/admin/manage-admins";
import { adminAction, formResult } from "@/lib/http/action";

async function thenRevalidate(work: () => Promise<ActionResult>): Promise<ActionResult> {
  const result = await work();
  revalidatePath("/admin/admins");
  return result;
}

export const createAdminAction = adminAction<ActionResult | null, ActionResult>("admin", async ({ field, admin }) =>
  formResult(() =>
    thenRevalidate(async () => {
      const role = field("role") === "reviewer" ? "reviewer" : "admin";
      const created = await createAdmin({ email: field("email"), password: field("password"), role }, { type: "admin", id: admin.id });
      return { ok: `Created ${created.role} ${created.email}. They enrol an authenticator app at their first sign-in.` };
    }),
  ),
);

export const adminAccountAction = adminAction<ActionResult | null, ActionResult>("admin", async ({ field, admin }) => {
  const actor = { type: "admin" as const, id: admin.id };
  const target = field("admin_id");
  return formResult(() =>
    thenRevalidate(async () => {
      switch (field("operation")) {
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
    }),
  );
});
