// POST /v1/validate: the partner's backend checks the token its user came back with. A token is
// valid once: it must be the caller's, unexpired, unspent, and its action allowed or its challenge
// passed. The spend is one conditional UPDATE, so of any number of concurrent calls exactly one
// sees isValid:true. A pending challenge is reported without spending the token.
//
// `action` (Authsignal: "if you did not track an action … pass the action to the validate challenge
// API"): a token from an untracked verification (lib/risk-actions/untracked-verification.ts) is
// valid only with it, and the spend records it as the action's name; for a tracked token it must
// be the tracked action, so a token earned for `signIn` never validates a `withdrawal`. A missing
// or mismatched action is reported without spending the token.
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { actionTokenHash } from "@/lib/risk-actions/action-token";
import type { ValidateResponse } from "@/lib/risk-actions/schemas";
import { UNTRACKED_ACTION } from "@/lib/risk-actions/untracked-verification";

const INVALID: ValidateResponse = { isValid: false, state: null, userId: null, action: null, idempotencyKey: null, verificationMethod: null };

export async function validateActionToken(input: { clientId: string; token: string; action?: string; ip?: string | null; requestId?: string | null; now?: Date }): Promise<ValidateResponse> {
  const now = input.now ?? new Date();
  const tokenHash = actionTokenHash(input.token);
  if (!tokenHash) return INVALID;
  const row = await db().action.findUnique({ where: { tokenHash } });
  // Another client's token is indistinguishable from an unknown one.
  if (!row || row.clientId !== input.clientId) return INVALID;

  const untracked = row.action === UNTRACKED_ACTION;
  const actionProblem = untracked ? (input.action ? null : "action_required") : input.action !== undefined && input.action !== row.action ? "action_mismatch" : null;
  const actionName = untracked ? (input.action ?? null) : row.action;

  const { isValid, current } = await db().$transaction(async (tx) => {
    const { count } = actionProblem
      ? { count: 0 }
      : await tx.action.updateMany({
          // The action named here is the one the row holds (untracked: still unnamed), so a concurrent spend cannot rename it.
          where: { id: row.id, clientId: input.clientId, action: row.action, validatedAt: null, tokenExpiresAt: { gt: now }, state: { in: ["ALLOW", "CHALLENGE_SUCCEEDED"] } },
          data: { validatedAt: now, ...(untracked ? { action: actionName! } : {}) },
        });
    const spent = count === 1;
    const latest = spent ? { ...row, action: actionName ?? row.action } : await tx.action.findUniqueOrThrow({ where: { id: row.id } });
    const reason = spent ? null : (actionProblem ?? (latest.validatedAt ? "already_validated" : latest.tokenExpiresAt <= now ? "expired" : `state_${latest.state.toLowerCase()}`));
    await emit(tx, {
      type: "action.validated",
      actor: { type: "client", id: input.clientId },
      clientId: input.clientId,
      userId: row.userId,
      subjectId: row.id,
      ip: input.ip ?? null,
      requestId: input.requestId ?? null,
      data: { action: actionName, idempotency_key: row.idempotencyKey, is_valid: spent, state: latest.state, ...(untracked ? { untracked: true } : {}), ...(reason ? { reason } : {}) },
    });
    return { isValid: spent, current: latest };
  });
  return {
    isValid,
    state: current.state,
    userId: row.userId,
    action: current.action === UNTRACKED_ACTION ? null : current.action,
    idempotencyKey: row.idempotencyKey,
    verificationMethod: current.verificationMethod,
  };
}
