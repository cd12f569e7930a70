// Where the browser goes for each next step of a hosted sign-in (GET /login/continue and the
// server actions that finish a step, which redirect straight there).
import type { AuthorizationRequest } from "./authorization-request";
import type { SessionUser } from "@/lib/sessions/session-user";
import { nextStep, type NextStep } from "./next-step";

export function stepLocation(step: Exclude<NextStep, { kind: "expired" }>, rid: string): string {
  const id = encodeURIComponent(rid);
  switch (step.kind) {
    case "sign_in":
      return `/login?rid=${id}`;
    case "second_factor":
      return `/login/second-factor?rid=${id}`;
    case "consent":
      return `/login/consent?rid=${id}`;
    case "verify":
      return `/verify/${step.form}?rid=${id}`;
    case "blocked":
    case "intent_problem":
      return `/login/status?rid=${id}`;
    case "redirect":
      return step.location;
  }
}

/** Where the browser goes next for `request` (null when it has ended: /login/continue shows that page). */
export async function nextLocation(request: AuthorizationRequest, session: SessionUser | null): Promise<string | null> {
  const step = await nextStep(request, session);
  return step.kind === "expired" ? null : stepLocation(step, request.id);
}
