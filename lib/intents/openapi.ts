// UserIntent operations for the OpenAPI document; the schemas are the ones the routes parse with.
import { InvalidClient } from "@/lib/errors/oauth";
import { ProductError } from "@/lib/errors/product";
import { validationErrorExample } from "@/lib/openapi/examples";
import type { ApiOperation } from "@/lib/openapi/types";
import { createUserIntentInput, listUserIntentsQuery, userIntentPathParams } from "./schemas";
import { userIntentPageSchema, userIntentResourceSchema } from "./serialize";

// Jane Doe is the customer of Astra's trusted-authentication guide (seed 000); her seed number
// (+1 555 555 1234) is not a dialable US number, so the example uses a valid 415 one.
export const EXAMPLE_INTENT_INPUT = {
  email: "jane.doe@example.com",
  phone: "4155550123",
  first_name: "Jane",
  last_name: "Doe",
  date_of_birth: "1990-01-01",
  ssn: "123-45-6789",
  address1: "1 Market St",
  address2: "",
  city: "San Francisco",
  state: "CA",
  postal_code: "94105",
  ip_address: "203.0.113.9",
  type: "personal",
  metadata: { customer_id: "123456" },
};

export const EXAMPLE_INTENT = {
  id: "2b7c5a8e-3f4d-4c1a-9e6b-7d8f0a1b2c3d",
  status: "pending",
  user_id: null,
  type: "personal",
  email: "jane.doe@example.com",
  phone: "+14155550123",
  first_name: "Jane",
  last_name: "Doe",
  date_of_birth: "1990-01-01",
  address1: "1 Market St",
  address2: "",
  city: "San Francisco",
  state: "CA",
  postal_code: "94105",
  ip_address: "203.0.113.9",
  metadata: { customer_id: "123456" },
  ssn_last4: "6789",
  client_user_id: null,
  created_at: "2026-11-24T09:00:00.000Z",
  updated_at: "2026-11-24T09:00:00.000Z",
};

const PARTNER = ["partnerBasic", "partnerBearer"] as const;
const UNAUTHENTICATED = { description: "Missing or wrong client credentials (`invalid_client`) or token (`invalid_token`)", example: new InvalidClient().toJSON() };

export const intentsOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/v1/user_intent",
    operationId: "createUserIntent",
    summary: "Create a UserIntent",
    description:
      "Pre-registers an end user before they sign in. Send the returned `id` as `user_intent_id` on the authorize URL: when that user signs in, " +
      "a User is created (or found by phone), inherits the intent's status, and the intent becomes `converted_to_user`. " +
      "New intents are `pending` until reviewed (`approved` at once for sandbox clients). At most 3 intents per email per client.",
    tags: ["UserIntents"],
    security: [...PARTNER],
    requestBody: { schema: createUserIntentInput, example: EXAMPLE_INTENT_INPUT },
    responses: {
      201: {
        description: "Created",
        schema: userIntentResourceSchema,
        example: EXAMPLE_INTENT,
        headers: { Location: { description: "`/v1/user_intent/{id}`" } },
      },
      400: {
        description: "A field is missing or invalid (`invalid_request`, with `details` per field) or the JSON is malformed",
        example: validationErrorExample(createUserIntentInput, { ...EXAMPLE_INTENT_INPUT, email: "jane.doe@", state: "XX" }),
      },
      401: UNAUTHENTICATED,
      409: { description: "`intent_limit_reached`: 3 intents exist for this email", example: new ProductError("intent_limit_reached").toJSON() },
      413: { description: "Body larger than the limit", example: new ProductError("payload_too_large").toJSON() },
      415: { description: "Body is not `application/json`", example: new ProductError("unsupported_media_type").toJSON() },
    },
  },
  {
    method: "get",
    path: "/v1/user_intent",
    operationId: "listUserIntents",
    summary: "List your UserIntents",
    description: "Newest first. Pass `next_cursor` back as `cursor` for the next page.",
    tags: ["UserIntents"],
    security: [...PARTNER],
    params: { query: listUserIntentsQuery },
    responses: {
      200: { description: "One page", schema: userIntentPageSchema, example: { data: [EXAMPLE_INTENT], has_more: false, next_cursor: null } },
      400: { description: "Invalid `limit` or `cursor`", example: validationErrorExample(listUserIntentsQuery, { limit: "500" }) },
      401: UNAUTHENTICATED,
    },
  },
  {
    method: "get",
    path: "/v1/user_intent/{id}",
    operationId: "getUserIntent",
    summary: "Get a UserIntent",
    description: "With `status`, and `user_id` once the end user signed in. Another client's intent answers 404.",
    tags: ["UserIntents"],
    security: [...PARTNER],
    params: { path: userIntentPathParams },
    responses: {
      200: { description: "The intent", schema: userIntentResourceSchema, example: EXAMPLE_INTENT },
      401: UNAUTHENTICATED,
      404: { description: "`intent_not_found`", example: new ProductError("intent_not_found").toJSON() },
    },
  },
];
