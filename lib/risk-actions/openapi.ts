// OpenAPI descriptions of the risk-actions API (Authsignal track → challenge → validate), from the
// same zod schemas the routes parse with. Examples follow the Authsignal seed. The hosted challenge
// page's own /api/actions/* endpoints are same-origin only and not part of the partner reference.
import type { ApiOperation } from "@/lib/openapi/types";
import { actionRecordParamsSchema, actionRecordSchema, trackActionParamsSchema, trackActionRequestSchema, trackActionResponseSchema, validateRequestSchema, validateResponseSchema } from "@/lib/risk-actions/schemas";

const error = (description: string) => ({ description });
const USER_ID = "dc58c6dc-a1fd-4a4f-8e2f-846636dd4833";
const KEY = "0f6a7c1e-3b2d-4e59-9a8f-5c4d3b2a1e0f";
const TOKEN = "tga_hJ0x3L2n5mQ…(43 chars)";

export const actionsOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/v1/users/{userId}/actions/{action}",
    operationId: "trackAction",
    summary: "Track an action and get ALLOW, CHALLENGE_REQUIRED or BLOCK",
    description:
      "Runs this client's rules for the action (priority order, first match wins, else the action's default — CHALLENGE when none is set). A user whose trusted device requires user verification (every Trustgate passkey) never gets ALLOW: such actions are challenged. For CHALLENGE_REQUIRED, send the user to `url` (the hosted challenge page); it returns to `redirectUrl` with `token`, `state` and `idempotencyKey` appended. Then call POST /v1/validate with the token. A user without a trusted device gets `isEnrolled: false`; the page has them sign in by SMS before offering to add the device. The user must be one of this client's users (consent or converted intent), otherwise 404. Tracking `addAuthenticator` returns `state: ALLOW` and a registration token (`tgd_…`, 5 minutes, single use; `idempotencyKey` is its id) that the SDK's `addCredential(token)` redeems in the user's browser after the user signed in to Trustgate; rules do not apply to it.",
    tags: ["Risk actions"],
    security: ["partnerBasic", "partnerBearer"],
    params: { path: trackActionParamsSchema },
    requestBody: {
      schema: trackActionRequestSchema,
      example: { attributes: { redirectUrl: "https://yourapp.com/callback", deviceId: "phone-7f3a", ipAddress: "203.0.113.7", userAgent: "Mozilla/5.0 …", custom: { amount: 5000 }, label: "Withdraw $5,000 to checking ••1234" } },
    },
    responses: {
      200: {
        description: "The decision",
        schema: trackActionResponseSchema,
        example: { state: "CHALLENGE_REQUIRED", token: TOKEN, url: `https://trustgate.example/challenge/6f1c2a0e-4d7b-4c3e-9a51-0b8e3f2d9c11?token=${TOKEN}`, idempotencyKey: KEY, isEnrolled: true, ruleIds: ["big-amount"] },
      },
      400: error("Invalid action code or attributes, or redirectUrl outside the client's registered origins"),
      401: error("Client authentication failed"),
      404: error("No such user for this client"),
    },
  },
  {
    method: "get",
    path: "/v1/users/{userId}/actions/{action}/{idempotencyKey}",
    operationId: "getAction",
    summary: "Read a tracked action and its state",
    description: "The state moves from CHALLENGE_REQUIRED to CHALLENGE_SUCCEEDED or CHALLENGE_FAILED when the user answers the hosted challenge.",
    tags: ["Risk actions"],
    security: ["partnerBasic", "partnerBearer"],
    params: { path: actionRecordParamsSchema },
    responses: {
      200: {
        description: "The action",
        schema: actionRecordSchema,
        example: {
          idempotencyKey: KEY,
          userId: USER_ID,
          action: "signIn",
          state: "CHALLENGE_SUCCEEDED",
          ruleIds: [],
          isEnrolled: true,
          verificationMethod: "DEVICE",
          deviceId: null,
          ipAddress: "203.0.113.7",
          userAgent: null,
          redirectUrl: "https://yourapp.com/callback",
          custom: null,
          label: "Withdraw $5,000 to checking ••1234",
          validated: false,
          createdAt: "2026-11-24T09:00:00.000Z",
          updatedAt: "2026-11-24T09:00:21.000Z",
        },
      },
      401: error("Client authentication failed"),
      404: error("No such action for this client, user and action code"),
    },
  },
  {
    method: "post",
    path: "/v1/validate",
    operationId: "validateChallenge",
    summary: "Validate an action token (single use)",
    description:
      "`isValid` is true exactly once per token: for the client that tracked the action, before the token expires (10 minutes), when the action was allowed or its challenge succeeded. A token of another client, an unknown or a spent token answer `isValid: false` (with no details for another client's token). Tracking is optional: a token from a verification without a tracked action (the SDK's `verify()` without a token) is valid only with `action`, which names the action; for a tracked token, `action` must match the tracked one (else `isValid: false`, token unspent).",
    tags: ["Risk actions"],
    security: ["partnerBasic", "partnerBearer"],
    requestBody: { schema: validateRequestSchema, example: { token: TOKEN, action: "signIn" } },
    responses: {
      200: {
        description: "The result",
        schema: validateResponseSchema,
        example: { isValid: true, state: "CHALLENGE_SUCCEEDED", userId: USER_ID, action: "signIn", idempotencyKey: KEY, verificationMethod: "DEVICE" },
      },
      400: error("Malformed body"),
      401: error("Client authentication failed"),
    },
  },
];
