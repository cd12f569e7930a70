"use server";
// Server actions of /verify/personal and /verify/business. CSRF: Next.js refuses action posts
// whose Origin differs from Host; we also refuse a post without a same-origin Origin ourselves.
// Each action re-derives everything (request, session, status) on the server.
import { redirect } from "next/navigation";
import type { VerifyFormState } from "@/components/verify/form-state";
import type { VerificationKind } from "@/lib/db/generated/enums";
import { publicAction, type ActionContext } from "@/lib/http/action";
import { ProductError } from "@/lib/errors/product";
import { isSameOriginPost } from "@/lib/http/same-origin";
import { getT } from "@/lib/i18n/request";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { localizeFieldErrors } from "@/lib/verification/localize-errors";
import { countSubmitAttempt, tooManyAttemptsMessage } from "@/lib/verification/submit-attempts";
import { submitBusinessVerification, submitPersonalVerification, type SubmitResult } from "@/lib/verification/submit";
import { formFields, SECRET_FIELDS } from "@/lib/verification/validate-form";
import { locationAfterSubmit, verificationPageState } from "@/lib/verification/verification-step";

const SUBMITTERS = { personal: submitPersonalVerification, business: submitBusinessVerification } as const;

function valuesWithoutSecrets(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !SECRET_FIELDS.has(name) && name !== "rid" && !name.startsWith("$")));
}

async function submitDetails(kind: "personal" | "business", context: ActionContext<VerifyFormState | null>): Promise<VerifyFormState> {
  const state = await checkDetails(kind, context);
  // The checks answer in English; the page may be in another language.
  return { ...state, errors: localizeFieldErrors(await getT(), state.errors) };
}

async function checkDetails(kind: "personal" | "business", { previous, form, headers, ip, requestId }: ActionContext<VerifyFormState | null>): Promise<VerifyFormState> {
  const attempt = (previous?.attempt ?? 0) + 1;
  if (!isSameOriginPost(headers)) return { errors: { form: "This form may only be sent from this page. Reload it and try again." }, values: {}, attempt };
  const fields = formFields(form);
  const rid = fields.rid ?? "";
  const session = await currentSessionUser();
  const state = await verificationPageState(kind as VerificationKind, rid, session);
  if (state.kind === "expired") return { errors: { form: "This page has expired. Return to the application and start again." }, values: {}, attempt };
  const page = `/verify/${kind}?rid=${encodeURIComponent(rid)}`;
  if (state.kind === "go") redirect(state.location);
  if (state.kind === "not_available") redirect(page);

  const attempts = await countSubmitAttempt(state.user.id);
  if (!attempts.allowed) return { errors: { form: tooManyAttemptsMessage(attempts.retryAfterS) }, values: valuesWithoutSecrets(fields), attempt };

  let result: SubmitResult;
  try {
    result = await SUBMITTERS[kind]({ userId: state.user.id, clientId: state.request.clientId, ip, requestId }, fields);
  } catch (error) {
    // The status changed meanwhile (e.g. a reviewer decided): the page explains what is next.
    if (error instanceof ProductError && error.code === "verification_not_allowed") redirect(page);
    throw error;
  }
  if (!result.ok) return { errors: result.errors, values: result.values, attempt };
  redirect(await locationAfterSubmit(state.request, session!));
}

export const submitPersonalAction = publicAction<VerifyFormState | null, VerifyFormState>((ctx) => submitDetails("personal", ctx));

export const submitBusinessAction = publicAction<VerifyFormState | null, VerifyFormState>((ctx) => submitDetails("business", ctx));
