// Which account status may submit which /verify/* form (SPEC status table: retry → personal or
// business details, document → an identity document). Submitting moves the user to `pending`
// through the status machine; any other status has nothing to submit.
import { db } from "@/lib/db";
import type { UserStatus, VerificationKind } from "@/lib/db/generated/enums";

export const VERIFICATION_FORMS_BY_STATUS: Readonly<Record<UserStatus, readonly VerificationKind[]>> = {
  retry: ["personal", "business"],
  document: ["document"],
  pending: [],
  approved: [],
  rejected: [],
  suspended: [],
};

export function mayUseForm(status: UserStatus, form: VerificationKind): boolean {
  return VERIFICATION_FORMS_BY_STATUS[status].includes(form);
}

/** What the page says when this status cannot submit this form. */
export function formNotAvailableMessage(status: UserStatus, form: VerificationKind): string {
  switch (status) {
    case "pending":
      return "Your details are already under review. There is nothing more to send right now; you will hear back once the review is done.";
    case "approved":
      return "Your account is already verified. There is nothing more to send.";
    case "retry":
      return form === "document" ? "We need your details again rather than a document. Return to the application and continue from there." : "";
    case "document":
      return "We need an identity document rather than your details. Return to the application and continue from there.";
    case "rejected":
      return "We could not approve your account, so there is nothing to send. Contact the application's support if you think this is a mistake.";
    case "suspended":
      return "Your account is suspended, so there is nothing to send. Contact the application's support to find out more.";
  }
}

/** A business user is one whose UserIntent (the one of this request, else the latest) is of type business. */
export async function isBusinessUser(userId: string, intentId: string | null): Promise<boolean> {
  const intent = intentId
    ? await db().userIntent.findUnique({ where: { id: intentId }, select: { type: true, userId: true } })
    : await db().userIntent.findFirst({ where: { userId }, orderBy: { createdAt: "desc" }, select: { type: true, userId: true } });
  return intent?.userId === userId && intent.type === "business";
}

/**
 * The verification form a signed-in user must see on this request, or null to go on to consent:
 * a standalone /verify/* request always shows its own form; the authorize flow sends `retry`
 * users to their details form and `document` users to the document upload.
 */
export async function verificationFormFor(request: { verifyForm: VerificationKind | null; userIntentId: string | null }, user: { id: string; status: UserStatus }): Promise<VerificationKind | null> {
  if (request.verifyForm) return request.verifyForm;
  if (user.status === "document") return "document";
  if (user.status === "retry") return (await isBusinessUser(user.id, request.userIntentId)) ? "business" : "personal";
  return null;
}
