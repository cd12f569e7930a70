// POST /verify/document/upload?rid= — the identity document form (multipart/form-data, front and
// back). Cross-origin posts are refused before anything is read (CSRF); then post → redirect → get.
import { htmlPage } from "@/lib/http/html-page";
import { route } from "@/lib/http/route";
import { localeOfRequest } from "@/lib/i18n/locales";
import { isSameOriginPost } from "@/lib/http/same-origin";
import { currentSessionUser } from "@/lib/sessions/current-session";
import { handleDocumentUpload } from "@/lib/verification/document-upload";
import { readDocumentUpload } from "@/lib/verification/read-upload";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req, ip, requestId }) => {
  if (!isSameOriginPost(req.headers)) {
    return htmlPage({ title: "Request refused", message: "This form may only be submitted from Trustgate's own page.", status: 403 });
  }
  const outcome = await handleDocumentUpload({
    rid: new URL(req.url).searchParams.get("rid") ?? "",
    session: await currentSessionUser(req),
    readUpload: () => readDocumentUpload(req),
    ip,
    requestId,
  });
  if (outcome.kind === "expired") return htmlPage({ titleKey: "expired.title", messageKey: "loginErrors.expired", status: 400, locale: localeOfRequest(req) });
  // The page's script posts with fetch and asks where to go, so a refused file keeps the files chosen.
  if (req.headers.get("accept") === "application/json") return Response.json({ location: outcome.location }, { headers: { "Cache-Control": "no-store" } });
  return new Response(null, { status: 303, headers: { Location: outcome.location, "Cache-Control": "no-store" } });
});
