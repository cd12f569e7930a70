// GET /healthz for the OpenAPI document.
import type { ApiOperation } from "@/lib/openapi/types";
import { healthSchema } from "./schemas";

export const healthOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/healthz",
    operationId: "health",
    summary: "Health check",
    description: "OK only when this instance's database answers (for load balancers).",
    tags: ["Operations"],
    security: ["none"],
    responses: {
      200: { description: "Healthy", schema: healthSchema, example: { status: "ok" } },
      503: { description: "The database does not answer", schema: healthSchema, example: { status: "unavailable", error: "database_unavailable" } },
    },
  },
];
