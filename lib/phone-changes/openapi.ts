// OpenAPI description of the phone change routes, from the schemas they parse with.
import type { ApiOperation } from "@/lib/openapi/types";
import { phoneChangeCodeSentSchema, phoneChangeRequestInput, phoneChangeResourceSchema } from "./schemas";

const exampleRequest = {
  id: "7e4b1c2d-3a5f-4e60-9b7c-8d9e0f1a2b3c",
  status: "pending",
  new_phone: "+14155550199",
  created_at: "2026-11-24T09:00:00.000Z",
  decided_at: null,
  decision_reason: null,
};

export const phoneChangesOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/v1/user/phone_change_request",
    operationId: "requestPhoneChange",
    summary: "Request a phone number change",
    description:
      "Two calls: `{new_phone}` texts a 6-digit code to the new phone (202); `{new_phone, code}` checks it and creates a pending request (201) for Trustgate's review. Once approved, the partner receives `user_updated`, and UserIntents converted under the old number no longer work: send `user_id` to authorize instead.",
    tags: ["Users"],
    security: ["userBearer"],
    requestBody: { schema: phoneChangeRequestInput, example: { new_phone: "4155550199", code: "123456" } },
    responses: {
      201: { description: "The pending request", schema: phoneChangeResourceSchema, example: exampleRequest },
      202: {
        description: "A code was sent to new_phone",
        schema: phoneChangeCodeSentSchema,
        example: { status: "code_sent", new_phone: "+14155550199", expires_at: "2026-11-24T09:05:00.000Z", resend_available_at: "2026-11-24T09:00:30.000Z" },
      },
      400: { description: "Invalid phone, wrong or expired code, or the account's current number" },
      401: { description: "Missing or invalid access token" },
      403: { description: "`session_not_allowed`: the token comes from a partner's trusted-auth sign-in, which may not change the account" },
      409: { description: "A request is already pending, or another user has this number" },
      429: { description: "Too many codes requested or wrong guesses" },
    },
  },
  {
    method: "get",
    path: "/v1/user/phone_change_request",
    operationId: "getPhoneChangeRequest",
    summary: "The latest phone change request",
    tags: ["Users"],
    security: ["userBearer"],
    responses: {
      200: { description: "The latest request and its status", schema: phoneChangeResourceSchema, example: { ...exampleRequest, status: "approved", decided_at: "2026-11-24T10:00:00.000Z", decision_reason: "identity confirmed" } },
      401: { description: "Missing or invalid access token" },
      404: { description: "The user has never requested a change" },
    },
  },
];
