// GET /healthz — liveness only: the process answers; the database is /readyz's business (lib/http/endpoints/health.ts).
import { healthEndpoint } from "@/lib/http/endpoints/health";

export const dynamic = "force-dynamic";

export const GET = healthEndpoint;
