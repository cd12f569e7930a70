// One OpenAPI operation, described by the same zod schemas its route parses with. Each capability
// lists its operations in `lib/<capability>/openapi.ts`; `lib/openapi/operations.ts` collects them.
import type { z } from "zod";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** How the caller authenticates: partner HTTP Basic, a client_credentials Bearer token, a user's Bearer token, or nothing. */
export type ApiSecurity = "partnerBasic" | "partnerBearer" | "userBearer" | "none";

export interface ApiResponse {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
  example?: unknown;
}

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/v1/user_intent/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: ApiSecurity[];
  params?: { path?: z.ZodObject; query?: z.ZodObject };
  requestBody?: { schema: z.ZodType; contentType?: string; example?: unknown; required?: boolean };
  /** Keyed by HTTP status. Error answers use the shared `{error, error_description}` shape. */
  responses: Record<number, ApiResponse>;
}
