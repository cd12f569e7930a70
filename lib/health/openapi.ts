// GET /healthz for the OpenAPI document. (/readyz and /metrics are answered by the server front,
// not by a route, and are documented in the README's "Operating it".)
import type { ApiOperation } from "@/lib/openapi/types";
import { healthSchema } from "./schemas";

export const healthOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/healthz",
    operationId: "health",
    summary: "Liveness",
    description:
      "200 while this process answers. It touches no database, so it stays 200 (and fast) during a database outage: use it as the liveness probe, never to route traffic (that is GET /readyz: database, migrations, signing key, not draining).",
    tags: ["Operations"],
    security: ["none"],
    responses: {
      200: { description: "The process is alive", schema: healthSchema, example: { status: "ok" } },
    },
  },
];
