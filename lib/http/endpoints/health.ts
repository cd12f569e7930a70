// GET /healthz — liveness: this process is up and answering. It touches nothing outside the process
// (no database, no keys), so it stays fast and 200 while the database is down or the instance
// drains: a liveness probe must not restart a healthy process for a database outage. Whether the
// instance may take traffic is /readyz (lib/server/readiness.ts). Served by the Next.js route file
// and the lean dispatch path (lib/server/lean-routes.ts).
import { jsonReply } from "@/lib/http/respond";
import { route } from "@/lib/http/route";

export const healthEndpoint = route(async () => jsonReply({ status: "ok" }));
