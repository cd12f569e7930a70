// The /verify/* pages and their submit handlers decide here, from the stored request and the
// session, whether to show the form, explain why there is nothing to submit, or move on.
import { completeAuthorizationRequest, loadAuthorizationRequest, type AuthorizationRequest } from "@/lib/authorize/authorization-request";
import { assessRequest, nextStep } from "@/lib/authorize/next-step";
import { BRANDING_SELECT, brandingOf, type ClientBranding } from "@/lib/clients/branding/branding";
import { db } from "@/lib/db";
import type { User } from "@/lib/db/generated/client";
import type { VerificationKind } from "@/lib/db/generated/enums";
import type { SessionUser } from "@/lib/sessions/current-session";
import { formNotAvailableMessage, mayUseForm } from "./eligibility";
import { verificationReturnUrl } from "./start-verification";

export type VerificationPageState =
  | { kind: "expired" }
  | { kind: "go"; location: string }
  | { kind: "form"; request: AuthorizationRequest; clientName: string; brand: ClientBranding | null; user: User }
  | { kind: "not_available"; request: AuthorizationRequest; clientName: string; brand: ClientBranding | null; message: string; returnUrl: string };

export async function verificationPageState(form: VerificationKind, rid: string, session: SessionUser | null): Promise<VerificationPageState> {
  const request = await loadAuthorizationRequest(rid);
  if (!request) return { kind: "expired" };
  const continueUrl = `/login/continue?rid=${encodeURIComponent(request.id)}`;
  const assessment = await assessRequest(request, session);
  // Not signed in, blocked, or (after a submit) ready for consent: the flow knows where to go.
  if (assessment.kind !== "verify") return { kind: "go", location: continueUrl };
  if (assessment.form !== form) return { kind: "go", location: `/verify/${assessment.form}?rid=${encodeURIComponent(request.id)}` };
  const client = await db().client.findUnique({ where: { id: request.clientId }, select: BRANDING_SELECT });
  const brand = client ? brandingOf(client) : null;
  const clientName = brand?.name ?? "the application";
  if (!mayUseForm(assessment.user.status, form)) {
    return { kind: "not_available", request, clientName, brand, message: formNotAvailableMessage(assessment.user.status, form), returnUrl: verificationReturnUrl(request) };
  }
  return { kind: "form", request, clientName, brand, user: assessment.user };
}

/**
 * After a successful submit: a standalone link returns to the partner's redirect_uri (with state);
 * inside the authorize flow the user goes on to consent and the partner gets its code.
 */
export async function locationAfterSubmit(request: AuthorizationRequest, session: SessionUser): Promise<string> {
  if (request.verifyForm) {
    await completeAuthorizationRequest(request.id);
    return verificationReturnUrl(request);
  }
  const step = await nextStep(request, session);
  if (step.kind === "consent") return `/login/consent?rid=${encodeURIComponent(request.id)}`;
  if (step.kind === "redirect") return step.location;
  return `/login/continue?rid=${encodeURIComponent(request.id)}`;
}
