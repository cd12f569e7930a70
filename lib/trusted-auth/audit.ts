// Audit entries for trusted authentication. Never the customer's data: no names, no phones (the
// masked form at most), no tokens.
import type { Prisma } from "@/lib/db/generated/client";
import { record } from "@/lib/events/emit";

export interface TrustedAuthAuditContext {
  clientId: string;
  ip?: string | null;
  requestId?: string | null;
}

/** A refusal changes nothing else, so it is recorded on its own. */
export async function auditTrustedAuthFailure(type: "trusted_auth.verification_failed" | "trusted_auth.token_rejected", ctx: TrustedAuthAuditContext, data: Record<string, unknown>, userId?: string | null): Promise<void> {
  await record({ type, actor: { type: "client", id: ctx.clientId }, clientId: ctx.clientId, userId: userId ?? null, ip: ctx.ip, requestId: ctx.requestId, data: data as Prisma.InputJsonValue });
}
