// GET /healthz — ok only when the database answers.
import { DATABASE_UNAVAILABLE_RETRY_AFTER_S } from "@/lib/config/limits";
import { databaseAnswers } from "@/lib/health/check";
import { json } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () =>
  (await databaseAnswers()) ? json({ status: "ok" }) : json({ status: "unavailable", error: "database_unavailable" }, { status: 503, headers: { "Retry-After": String(DATABASE_UNAVAILABLE_RETRY_AFTER_S) } }),
);
