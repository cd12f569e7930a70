// PATCH /authenticator/v0.1/factors/{id}: activate with a code (`add /code`, or plain `{"code"}`),
// or change the status (`replace /status` to INACTIVE, or back to ACTIVE once activated before).
import { AUTHENTICATOR_RATE_WINDOW_S, AUTHENTICATOR_VERIFY_PER_CLIENT } from "@/lib/config/limits";
import { db } from "@/lib/db";
import type { AuthenticatorFactor } from "@/lib/db/generated/client";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { hitRateLimit } from "@/lib/rate-limit/limiter";
import { authenticatorNow } from "./clock";
import { claimFactorStep, isFactorLocked, recordFactorFailure } from "./factor-failures";
import { findOwnFactor } from "./find-factor";
import { applyJsonPatch, type PatchBody } from "./json-patch";
import { factorCodeBody, patchedFactor, type FactorResource, type PatchedFactor } from "./schemas";
import { totpSecretOf } from "./secret";
import { serializeFactor } from "./serialize";
import { checkTotp } from "@/lib/crypto/totp";

type Context = { ip: string; requestId: string };

/** What the partner asked for, validated against the factor as it is now (nothing stored yet). */
function requestedChange(factor: AuthenticatorFactor, body: PatchBody): PatchedFactor {
  if (body.kind === "json") return { status: factor.status, ...factorCodeBody.parse(body.value) };
  return patchedFactor.parse(applyJsonPatch({ status: factor.status }, body.operations));
}

export async function patchFactor(clientId: string, factorId: string, body: PatchBody, context: Context): Promise<FactorResource> {
  const factor = await findOwnFactor(clientId, factorId);
  const change = requestedChange(factor, body);
  if (change.code !== undefined) return activateFactor(factor, change.code, context);
  return setFactorStatus(factor, change.status, context);
}

async function activateFactor(factor: AuthenticatorFactor, code: string, context: Context): Promise<FactorResource> {
  if (factor.status !== "PENDING") throw new ProductError("authenticator_factor_not_pending");
  const limit = await hitRateLimit(`authenticator-verify:client:${factor.clientId}`, AUTHENTICATOR_VERIFY_PER_CLIENT, AUTHENTICATOR_RATE_WINDOW_S);
  if (!limit.allowed) throw new ProductError("authenticator_rate_limited");
  const nowMs = authenticatorNow();
  if (isFactorLocked(factor, nowMs)) throw new ProductError("authenticator_factor_locked");
  const check = await checkTotp({ secret: totpSecretOf(factor), code, epochS: Math.floor(nowMs / 1000), lastUsedStep: factor.lastUsedStep });
  const outcome = await db().$transaction(async (tx) => {
    if (check.ok) {
      if (await claimFactorStep(tx, factor.id, check.step, nowMs, "activate")) {
        await emit(tx, { type: "authenticator.factor_activated", actor: { type: "client", id: factor.clientId }, clientId: factor.clientId, subjectId: factor.id, ip: context.ip, requestId: context.requestId });
        return { ok: true as const, factor: await tx.authenticatorFactor.findUniqueOrThrow({ where: { id: factor.id } }) };
      }
      // Someone else activated it (or used this step) in the meantime.
      return { ok: false as const, error: "authenticator_factor_not_pending" as const };
    }
    const { locked } = await recordFactorFailure(tx, factor, nowMs, context);
    return { ok: false as const, error: locked ? ("authenticator_factor_locked" as const) : check.reason === "replayed" ? ("authenticator_code_replayed" as const) : ("authenticator_code_invalid" as const) };
  });
  if (!outcome.ok) throw new ProductError(outcome.error);
  return serializeFactor(outcome.factor);
}

async function setFactorStatus(factor: AuthenticatorFactor, status: AuthenticatorFactor["status"], context: Context): Promise<FactorResource> {
  if (status === factor.status) return serializeFactor(factor);
  if (status === "PENDING") throw new ProductError("validation_failed", "status: a factor cannot go back to PENDING");
  // ACTIVE needs proof of the secret once: a code (add /code) while PENDING; an INACTIVE factor
  // that was active before may be switched back on.
  if (status === "ACTIVE" && factor.lastUsedStep === null) throw new ProductError("validation_failed", 'status: activate a factor with a code ([{"op":"add","path":"/code","value":"123456"}])');
  const updated = await db().$transaction(async (tx) => {
    const { count } = await tx.authenticatorFactor.updateMany({ where: { id: factor.id, status: factor.status }, data: { status } });
    if (count !== 1) throw new ProductError("validation_failed", "The factor changed at the same time: read it and try again");
    await emit(tx, {
      type: status === "INACTIVE" ? "authenticator.factor_deactivated" : "authenticator.factor_reactivated",
      actor: { type: "client", id: factor.clientId },
      clientId: factor.clientId,
      subjectId: factor.id,
      ip: context.ip,
      requestId: context.requestId,
      data: { from: factor.status, to: status },
    });
    return tx.authenticatorFactor.findUniqueOrThrow({ where: { id: factor.id } });
  });
  return serializeFactor(updated);
}
