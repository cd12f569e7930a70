// GET /login/continue?rid= — moves a hosted sign-in to its next step (see lib/authorize/next-step.ts).
import { loadAuthorizationRequest } from "@/lib/authorize/authorization-request";
import { nextStep } from "@/lib/authorize/next-step";
import { stepLocation } from "@/lib/authorize/step-location";
import { htmlPage } from "@/lib/http/html-page";
import { route } from "@/lib/http/route";
import { localeOfRequest } from "@/lib/i18n/locales";
import { currentSessionUser } from "@/lib/sessions/current-session";

export const dynamic = "force-dynamic";

const EXPIRED = { titleKey: "expired.title", messageKey: "loginErrors.expired", status: 400 } as const;

function go(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location, "Cache-Control": "no-store" } });
}

export const GET = route(async ({ req }) => {
  const rid = new URL(req.url).searchParams.get("rid") ?? "";
  const request = await loadAuthorizationRequest(rid);
  if (!request) return htmlPage({ ...EXPIRED, locale: localeOfRequest(req) });
  const step = await nextStep(request, await currentSessionUser());
  return step.kind === "expired" ? htmlPage({ ...EXPIRED, locale: localeOfRequest(req) }) : go(stepLocation(step, rid));
});
