// GET /v1/user for the OpenAPI document.
import { InsufficientScope, InvalidToken } from "@/lib/errors/oauth";
import { ProductError } from "@/lib/errors/product";
import type { ApiOperation } from "@/lib/openapi/types";
import { userResourceSchema } from "./schemas";

export const EXAMPLE_USER = {
  id: "5f0c2d1e-8a7b-4c3d-9e2f-1a0b9c8d7e6f",
  phone: "+14155550123",
  email: "jane.doe@example.com",
  first_name: "Jane",
  last_name: "Doe",
  status: "approved",
  created_at: "2026-11-24T09:05:00.000Z",
  updated_at: "2026-11-24T09:05:00.000Z",
};

export const usersOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/v1/user",
    operationId: "getUser",
    summary: "The signed-in user",
    description: "For a user's access token (from the hosted sign-in). `status` tells the partner's next step (see the status table in the guide).",
    tags: ["Users"],
    security: ["userBearer"],
    responses: {
      200: { description: "The user", schema: userResourceSchema, example: EXAMPLE_USER },
      401: { description: "`invalid_token`: missing, expired or revoked access token", example: new InvalidToken().toJSON() },
      403: {
        description: "`insufficient_scope`: a client_credentials token (not a user's)",
        example: new InsufficientScope("This endpoint needs a user's access token, not a client_credentials token").toJSON(),
      },
      404: { description: "`user_not_found`", example: new ProductError("user_not_found").toJSON() },
    },
  },
];
