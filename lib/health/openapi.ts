// GET /healthz and GET /readyz for the OpenAPI document.
import type { ApiOperation } from "@/lib/openapi/types";
import { healthSchema, readinessSchema } from "./schemas";

export const healthOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/healthz",
    operationId: "health",
    summary: "Liveness",
    description: "200 while this process answers. It touches no database, so it stays 200 (and fast) during a database outage: use it as the liveness probe, never to route traffic.",
    tags: ["Operations"],
    security: ["none"],
    responses: {
      200: { description: "The process is alive", schema: healthSchema, example: { status: "ok" } },
    },
  },
  {
    method: "get",
    path: "/readyz",
    operationId: "readiness",
    summary: "Readiness",
    description: "200 only when the database answers, every migration of this build is applied, the signing key decrypts, and the instance is not shutting down: point load balancers and readiness probes here.",
    tags: ["Operations"],
    security: ["none"],
    responses: {
      200: { description: "Ready for traffic", schema: readinessSchema, example: { status: "ready", checks: { database: "ok", migrations: "ok", signing_key: "ok" } } },
      503: { description: "Not ready (or draining after SIGTERM)", schema: readinessSchema, example: { status: "not_ready", checks: { database: "failed", migrations: "failed", signing_key: "ok" } } },
    },
  },
];
