// Admin reads of verification data name a real, active admin: the audit entry must say who looked.
import type { Tx } from "@/lib/db";
import { ProductError } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";

export async function requireActiveAdmin(tx: Tx, adminId: string): Promise<void> {
  const admin = isUuid(adminId) ? await tx.admin.findUnique({ where: { id: adminId }, select: { disabledAt: true } }) : null;
  if (!admin || admin.disabledAt) throw new ProductError("not_found", "No active admin with this id");
}
