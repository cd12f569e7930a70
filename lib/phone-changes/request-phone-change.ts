// POST /v1/user/phone_change_request, in two calls of one endpoint: without `code` a code is sent
// to the new phone (the SMS sign-in machinery: cooldown, per-phone and per-IP limits); with the
// code, once it checks out, the pending request is created. Owning the new phone is thereby
// proved before any admin sees the request; who may change the account is proved by the token.
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { maskPhone } from "@/lib/phone/normalize";
import { requestSignInCode, verifySignInCode, type SignInCodeResult } from "@/lib/sms/sign-in-code";
import type { PhoneChangeRequestInput } from "./schemas";
import { serializePhoneChange, type PhoneChangeResource } from "./serialize";

export type PhoneChangeStep = { step: "code_sent"; body: { status: "code_sent"; new_phone: string; expires_at: string; resend_available_at: string } } | { step: "created"; body: PhoneChangeResource };

interface Context {
  ip: string;
  requestId?: string;
}

async function checkCanRequest(userId: string, newPhone: string): Promise<void> {
  const user = await db().user.findUnique({ where: { id: userId }, select: { phone: true } });
  if (!user) throw new ProductError("user_not_found");
  if (user.phone === newPhone) throw new ProductError("phone_change_same_phone");
  const open = await db().phoneChangeRequest.count({ where: { userId, status: "pending" } });
  if (open > 0) throw new ProductError("phone_change_pending");
}

function codeFailure(result: Extract<SignInCodeResult, { ok: false }>): ProductError {
  switch (result.reason) {
    case "expired":
      return new ProductError("sms_code_invalid", "The verification code has expired: request a new one");
    case "attempts_exhausted":
      return new ProductError("sms_code_attempts_exhausted");
    case "rate_limited":
      return new ProductError("sms_rate_limited", "Too many wrong codes: try again later");
    default:
      return new ProductError("sms_code_invalid", "The verification code is wrong", result.attemptsLeft === undefined ? undefined : { attempts_left: result.attemptsLeft });
  }
}

export async function requestPhoneChange(userId: string, input: PhoneChangeRequestInput, context: Context): Promise<PhoneChangeStep> {
  const newPhone = input.new_phone;
  await checkCanRequest(userId, newPhone);

  if (input.code === undefined) {
    const sent = await requestSignInCode({ phone: newPhone, ip: context.ip, purpose: "phone_change", requestId: context.requestId });
    return {
      step: "code_sent",
      body: { status: "code_sent", new_phone: newPhone, expires_at: sent.expiresAt.toISOString(), resend_available_at: sent.resendAvailableAt.toISOString() },
    };
  }

  const verified = await verifySignInCode({ phone: newPhone, code: input.code, ip: context.ip, purpose: "phone_change", requestId: context.requestId });
  if (!verified.ok) throw codeFailure(verified);

  const created = await db().$transaction(async (tx) => {
    // The user's row lock makes "at most one open request" hold under concurrent calls.
    const [user] = await tx.$queryRaw<{ phone: string }[]>`SELECT phone FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
    if (!user) throw new ProductError("user_not_found");
    if (user.phone === newPhone) throw new ProductError("phone_change_same_phone");
    if ((await tx.phoneChangeRequest.count({ where: { userId, status: "pending" } })) > 0) throw new ProductError("phone_change_pending");
    // Said only now, after the code proved the caller holds that phone: no probing for users' numbers.
    if (await tx.user.findUnique({ where: { phone: newPhone }, select: { id: true } })) throw new ProductError("phone_change_phone_taken");
    const row = await tx.phoneChangeRequest.create({ data: { userId, oldPhone: user.phone, newPhone } });
    await emit(tx, {
      type: "phone_change.requested",
      actor: { type: "user", id: userId },
      userId,
      subjectId: row.id,
      ip: context.ip,
      requestId: context.requestId,
      data: { from: maskPhone(user.phone), to: maskPhone(newPhone) },
    });
    return row;
  });
  return { step: "created", body: serializePhoneChange(created) };
}

/** The user's most recent request, whatever its status. */
export async function latestPhoneChange(userId: string): Promise<PhoneChangeResource> {
  const row = await db().phoneChangeRequest.findFirst({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  if (!row) throw new ProductError("phone_change_not_found");
  return serializePhoneChange(row);
}
