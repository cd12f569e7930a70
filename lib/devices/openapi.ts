// OpenAPI descriptions of the trusted-device routes, from the same zod schemas the routes parse with.
// Partner API: /v1/login_requests (Cotter signInWithDevice). The /api/devices/* routes serve only
// Trustgate's own pages (same origin, session cookie or passkey) and are not part of the partner reference.
import { z } from "zod";
import type { ApiOperation } from "@/lib/openapi/types";
import { apiLoginRequestCreateSchema, apiLoginRequestPollSchema, loginRequestCreatedSchema, loginRequestPollResponseSchema } from "./schemas";

const error = (description: string) => ({ description });
const idParam = z.object({ id: z.uuid() });

const CREATED_EXAMPLE = { id: "6f1c2a0e-4d7b-4c3e-9a51-0b8e3f2d9c11", secret: "q0YQbZ1m6xV3kP8wR2tN5sJ7uH4cL9aE0fG1dK6yT3o", code: "42", expires_at: "2026-11-24T09:05:00.000Z", status: "pending" };
const APPROVED_EXAMPLE = {
  oauth_token: { access_token: "eyJhbGciOiJFUzI1N...", auth_method: "TRUSTED_DEVICE", expires_in: 3600, id_token: "eyJhbGciOiJFUzI...", refresh_token: "tgr_anGsIfvFd...", token_type: "Bearer", scope: "openid" },
  ID: 2535926,
  id: "6f1c2a0e-4d7b-4c3e-9a51-0b8e3f2d9c11",
  status: "approved",
  CreatedAt: "2026-11-24T09:00:00.000Z",
  UpdatedAt: "2026-11-24T09:00:24.321Z",
  approved: true,
  DeletedAt: "0001-01-01T00:00:00Z",
  client_user_id: "abcdefgh-d15c-466f-aaa3-f029a8e534c3",
  event: "LOGIN",
  ip: "172.92.5.201",
  issuer: "<your client_id>",
  location: "San Francisco",
  method: "TRUSTED_DEVICE",
  new: false,
  signature: "eyJhbGciOiJFUzI1NiIsImtpZCI6Ii4uLiJ9.eyJJRCI6MjUzNTkyNiwiLi4uIjoiLi4uIn0.…",
  timestamp: "1795510800",
  user_id: "abcdefgh-d15c-466f-aaa3-f029a8e534c3",
};

export const devicesOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/v1/login_requests",
    operationId: "createLoginRequest",
    summary: "Ask the user's trusted device to approve a sign-in",
    description:
      "Cotter's signInWithDevice for a partner backend. `identifier` is the user's phone, email or your `client_user_id` (set on their UserIntent; emails and usernames find only users linked to your client). Creates a pending request (5 minutes); the user opens Trustgate on a trusted device, compares `code`, and approves or rejects with the device's passkey. Keep `secret`: only its holder can poll and redeem. An unknown identifier gets the same answer (the request simply expires).",
    tags: ["Trusted devices"],
    security: ["partnerBasic", "partnerBearer"],
    requestBody: { schema: apiLoginRequestCreateSchema, example: { identifier: "+12015550123", scope: "openid phone", ip_address: "172.92.5.201", user_agent: "Mozilla/5.0 …" } },
    responses: {
      201: { description: "Pending", schema: loginRequestCreatedSchema, example: CREATED_EXAMPLE },
      400: error("Invalid identifier (not a phone, an email or a username) or scope"),
      401: error("Client authentication failed"),
      429: error("Too many requests for this phone or IP"),
    },
  },
  {
    method: "post",
    path: "/v1/login_requests/{id}/poll",
    operationId: "pollLoginRequest",
    summary: "Status of a login request; the first poll after approval returns the tokens",
    description:
      "Poll every 1–2 s. The answer is Cotter's event object, signed: `signature` is a JWS by Trustgate's key (verify it against /.well-known/jwks.json; its payload is the event without `signature` and `oauth_token`). While `pending`, only the event fields. The first poll after approval redeems the approval (exactly once) and carries `oauth_token` (auth_method TRUSTED_DEVICE; refresh tokens are revoked if the approving device is revoked). Later polls answer `redeemed` without tokens. `rejected`, `expired` and `cancelled` are final.",
    tags: ["Trusted devices"],
    security: ["partnerBasic", "partnerBearer"],
    params: { path: idParam },
    requestBody: { schema: apiLoginRequestPollSchema, example: { secret: "q0YQbZ1m6xV3kP8wR2tN5sJ7uH4cL9aE0fG1dK6yT3o" } },
    responses: {
      200: { description: "Status, with `oauth_token` once approved", schema: loginRequestPollResponseSchema, example: APPROVED_EXAMPLE },
      404: error("No such request for this client and secret"),
    },
  },
];
