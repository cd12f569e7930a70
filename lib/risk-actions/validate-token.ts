// POST /v1/validate: the partner's backend checks the token its user came back with. A token is
// valid once: it must be the caller's, unexpired, unspent, and its action allowed or its challenge
// passed. The spend is one conditional UPDATE, so of any number of concurrent calls exactly one
// sees isValid:true. A pending challenge is reported without spending the token.
//
// `action` (Authsignal: "if you did not track an action … pass the action to the validate challenge
// API"): every token belongs to the action it was issued for — tracked, or named when an untracked
// verification began (lib/risk-actions/untracked-verification.ts) — and with `action` it must be
// that one, so a token earned for `signIn` never validates a `withdrawal`. A mismatched action is
// reported without spending the token. A row from before untracked tokens were bound (no action
// name) validates nothing.
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

  const unbound = row.action === UNTRACKED_ACTION;
  const actionProblem = unbound ? "action_unbound" : input.action !== undefined && input.action !== row.action ? "action_mismatch" : null;
  const actionName = unbound ? null : row.action;

  const { isValid, current } = await db().$transaction(async (tx) => {
    const { count } = actionProblem
      ? { count: 0 }
      : await tx.action.updateMany({
          where: { id: row.id, clientId: input.clientId, action: row.action, validatedAt: null, tokenExpiresAt: { gt: now }, state: { in: ["ALLOW", "CHALLENGE_SUCCEEDED"] } },
          data: { validatedAt: now },
        });
    const spent = count === 1;
    const latest = spent ? row : await tx.action.findUniqueOrThrow({ where: { id: row.id } });
    const reason = spent ? null : (actionProblem ?? (latest.validatedAt ? "already_validated" : latest.tokenExpiresAt <= now ? "expired" : `state_${latest.state.toLowerCase()}`));
    await emit(tx, {
      type: "action.validated",
      actor: { type: "client", id: input.clientId },
      clientId: input.clientId,
      userId: row.userId,
      subjectId: row.id,
      ip: input.ip ?? null,
      requestId: input.requestId ?? null,
      data: { action: actionName, idempotency_key: row.idempotencyKey, is_valid: spent, state: latest.state, ...(reason ? { reason } : {}) },
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
