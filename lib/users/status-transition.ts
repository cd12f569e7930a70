// The step both status machines (lib/users/status.ts, lib/intents/status.ts) take before they
// change a status: a valid reason, a row id that can exist, the row locked (concurrent changes
// queue), and the change allowed by the machine's table.
import type { Tx } from "@/lib/db";
import { ProductError, type ProductErrorCode } from "@/lib/errors/product";
import { isUuid } from "@/lib/validation/ids";
import { statusReasonSchema } from "./schemas";

export interface StatusChangeCheck<S extends string> {
  /** A fixed table name (never input). */
  table: "users" | "user_intents";
  id: string;
  to: S;
  reason: string;
  transitions: Readonly<Record<S, readonly S[]>>;
  notFound: ProductErrorCode;
  /** Why a refused change is refused, appended to "from → to is not allowed". */
  why?: (to: S) => string;
}

/** Locks the row and checks the change; returns the current status and the trimmed reason. */
export async function lockStatusForChange<S extends string>(tx: Tx, check: StatusChangeCheck<S>): Promise<{ from: S; reason: string }> {
  const reason = statusReasonSchema.safeParse(check.reason);
  if (!reason.success) throw new ProductError("validation_failed", reason.error.issues[0]!.message);
  if (!isUuid(check.id)) throw new ProductError(check.notFound);
  const [locked] = await tx.$queryRawUnsafe<{ status: S }[]>(`SELECT status::text AS status FROM ${check.table} WHERE id = $1::uuid FOR UPDATE`, check.id);
  if (!locked) throw new ProductError(check.notFound);
  const from = locked.status;
  if (!check.transitions[from].includes(check.to)) throw new ProductError("invalid_status_transition", `${from} → ${check.to} is not allowed${check.why?.(check.to) ?? ""}`);
  return { from, reason: reason.data };
}
