// OpenAPI descriptions of the Authenticator API (SPEC §4, tru.ID), from the schemas the routes parse with.
import { z } from "zod";
import type { ApiOperation, ApiResponse } from "@/lib/openapi/types";
import {
  challengeParams,
  challengeResource,
  createChallengeInput,
  createdFactorResource,
  createFactorInput,
  factorCodeBody,
  factorList,
  factorParams,
  factorResource,
  jsonPatchDocument,
  listFactorsQuery,
  projectParams,
  projectResource,
} from "./schemas";

const security: ApiOperation["security"] = ["partnerBearer", "partnerBasic"];
const tags = ["Authenticator"];
const error = (description: string): ApiResponse => ({ description });

const FACTOR_ID = "4c0b6a4e-3f0e-4a53-9a64-1f1d2c9b7e10";
const CHALLENGE_ID = "a1f5c7d2-9b8e-4f3a-8c6d-2e1b0a9f8e7d";

const projectExample = {
  project_id: "c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6",
  workspace_id: "0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f",
  name: "Acme",
  created_at: "2026-11-24T06:00:00.000Z",
  updated_at: "2026-11-24T06:05:00.000Z",
  configuration: {
    authenticator: {
      issuer_name: "https://example.com/handle-flow",
      challenge_callback_url: "https://example.com/app/challenges",
      challenge_default_message: "Please confirm your login",
    },
  },
  _links: { self: { href: "/console/v0.2/workspaces/0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f/projects/c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6" } },
};

const factorExample = {
  factor_id: FACTOR_ID,
  type: "TOTP",
  status: "PENDING",
  external_user_id: "user-1234",
  phone_number: "+447911123456",
  created_at: "2026-11-24T06:10:00.000Z",
  updated_at: "2026-11-24T06:10:00.000Z",
  _links: { self: { href: `/authenticator/v0.1/factors/${FACTOR_ID}` } },
};

const challengeExample = {
  challenge_id: CHALLENGE_ID,
  factor_id: FACTOR_ID,
  status: "PENDING",
  reference_id: "login-42",
  message: "Please confirm your login",
  attempts_remaining: 5,
  created_at: "2026-11-24T06:12:00.000Z",
  updated_at: "2026-11-24T06:12:00.000Z",
  expired_at: "2026-11-24T06:17:00.000Z",
  _links: { self: { href: `/authenticator/v0.1/factors/${FACTOR_ID}/challenge/${CHALLENGE_ID}` } },
};

const codePatch = { schema: z.union([jsonPatchDocument, factorCodeBody]), contentType: "application/json-patch+json", example: [{ op: "add", path: "/code", value: "123456" }] };

function challengeCreate(path: string, operationId: string): ApiOperation {
  return {
    method: "post",
    path,
    operationId,
    summary: "Issue a verification challenge",
    description: "Only for ACTIVE factors. Lives 5 minutes; `message` defaults to the project's challenge_default_message.",
    tags,
    security,
    params: { path: factorParams },
    requestBody: { schema: createChallengeInput, example: { reference_id: "login-42" } },
    responses: {
      200: { description: "The challenge (200 as tru.ID answers; `Location` names it)", schema: challengeResource, example: challengeExample },
      404: error("No such factor for this partner"),
      409: error("The factor is not ACTIVE"),
    },
  };
}

function challengeGet(path: string, operationId: string): ApiOperation {
  return {
    method: "get",
    path,
    operationId,
    summary: "Read a challenge (polling)",
    tags,
    security,
    params: { path: challengeParams },
    responses: { 200: { description: "The challenge; a late PENDING one reads EXPIRED", schema: challengeResource, example: challengeExample }, 404: error("No such challenge for this partner") },
  };
}

function challengeVerify(path: string, operationId: string): ApiOperation {
  return {
    method: "patch",
    path,
    operationId,
    summary: "Verify a challenge with the code from the user's authenticator app",
    description:
      'JSON Patch `[{"op":"add","path":"/code","value":"123456"}]` (application/json-patch+json) or plain `{"code":"123456"}` (application/json). ' +
      "A wrong or already-used code spends one of 5 attempts (the 5th fails the challenge); ±1 time step of clock skew. " +
      "Every status change is POSTed to the project's challenge_callback_url, signed with `Trustgate-Signature: t=…,v1=…`.",
    tags,
    security,
    params: { path: challengeParams },
    requestBody: codePatch,
    responses: {
      200: { description: "VERIFIED", schema: challengeResource, example: { ...challengeExample, status: "VERIFIED", attempts_remaining: 0 } },
      400: error("authenticator_code_invalid or authenticator_code_replayed (details: status, attempts_remaining), or a malformed patch"),
      404: error("No such challenge for this partner"),
      409: error("authenticator_challenge_closed: already VERIFIED, FAILED or EXPIRED"),
      415: error("Neither application/json-patch+json nor application/json"),
      429: error("authenticator_factor_locked or authenticator_rate_limited"),
    },
  };
}

export const authenticatorOperations: ApiOperation[] = [
  {
    method: "get",
    path: "/console/v0.2/workspaces/{workspace_id}/projects/{project_id}",
    operationId: "getProject",
    summary: "Read the partner's project and its authenticator configuration",
    description: "The workspace is the partner organisation and the project is the partner client (project_id = client_id).",
    tags,
    security,
    params: { path: projectParams },
    responses: { 200: { description: "The project", schema: projectResource, example: projectExample }, 404: error("Not the caller's own project") },
  },
  {
    method: "patch",
    path: "/console/v0.2/workspaces/{workspace_id}/projects/{project_id}",
    operationId: "patchProject",
    summary: "Configure the project with an RFC 6902 JSON Patch",
    description: "Only `/configuration/authenticator` {issuer_name, challenge_callback_url (https), challenge_default_message} can change. All operations apply or none does.",
    tags,
    security,
    params: { path: projectParams },
    requestBody: {
      schema: jsonPatchDocument,
      contentType: "application/json-patch+json",
      example: [{ op: "add", path: "/configuration", value: { authenticator: projectExample.configuration.authenticator } }],
    },
    responses: {
      200: { description: "The project after the patch", schema: projectResource, example: projectExample },
      400: error("json_patch_invalid, or the patched configuration is invalid (nothing changed)"),
      404: error("Not the caller's own project"),
      415: error("The body is not application/json-patch+json"),
    },
  },
  {
    method: "post",
    path: "/authenticator/v0.1/factors",
    operationId: "createFactor",
    summary: "Onboard a TOTP factor",
    description: "Returns the otpauth:// URI and its QR code (PNG data URL) once; the secret is never shown again.",
    tags,
    security,
    requestBody: { schema: createFactorInput, example: { phone_number: "+447911123456", external_user_id: "user-1234" } },
    responses: {
      200: {
        description: "The PENDING factor with its enrolment URI and QR code (200 as tru.ID answers; `Location` names the factor)",
        schema: createdFactorResource,
        example: { ...factorExample, url: "otpauth://totp/https:%2F%2Fexample.com%2Fhandle-flow:user-1234?secret=…&period=30&digits=6&algorithm=SHA1&issuer=…", data_url: "data:image/png;base64,iVBORw0KGgo…" },
      },
      400: error("Invalid phone_number or external_user_id"),
      409: error("authenticator_factor_exists: external_user_id already has a factor in this project"),
    },
  },
  {
    method: "get",
    path: "/authenticator/v0.1/factors",
    operationId: "listFactors",
    summary: "List factors (`search=external_user_id==X`)",
    tags,
    security,
    params: { query: listFactorsQuery },
    responses: {
      200: {
        description: "A page of factors",
        schema: factorList,
        example: { _embedded: { factors: [factorExample] }, _links: { self: { href: "/authenticator/v0.1/factors?page=1&size=25" } }, page: { size: 25, number: 1, total_elements: 1, total_pages: 1 } },
      },
    },
  },
  {
    method: "get",
    path: "/authenticator/v0.1/factors/{factor_id}",
    operationId: "getFactor",
    summary: "Read a factor",
    tags,
    security,
    params: { path: factorParams },
    responses: { 200: { description: "The factor", schema: factorResource, example: factorExample }, 404: error("No such factor for this partner") },
  },
  {
    method: "patch",
    path: "/authenticator/v0.1/factors/{factor_id}",
    operationId: "patchFactor",
    summary: "Activate a factor with a code, or change its status",
    description: 'Activate: `[{"op":"add","path":"/code","value":"123456"}]` or `{"code":"123456"}`. Deactivate: `[{"op":"replace","path":"/status","value":"INACTIVE"}]`.',
    tags,
    security,
    params: { path: factorParams },
    requestBody: codePatch,
    responses: {
      200: { description: "The factor", schema: factorResource, example: { ...factorExample, status: "ACTIVE" } },
      400: error("Wrong code, or a malformed patch (nothing changed)"),
      404: error("No such factor for this partner"),
      409: error("authenticator_factor_not_pending"),
      415: error("Neither application/json-patch+json nor application/json"),
      429: error("authenticator_factor_locked"),
    },
  },
  {
    method: "delete",
    path: "/authenticator/v0.1/factors/{factor_id}",
    operationId: "deleteFactor",
    summary: "Delete a factor and its challenges",
    tags,
    security,
    params: { path: factorParams },
    responses: { 204: { description: "Deleted" }, 404: error("No such factor for this partner") },
  },
  challengeCreate("/authenticator/v0.1/factors/{factor_id}/challenge", "createChallenge"),
  challengeCreate("/authenticator/v0.1/factors/{factor_id}/challenges", "createChallengeAlias"),
  challengeGet("/authenticator/v0.1/factors/{factor_id}/challenge/{challenge_id}", "getChallenge"),
  challengeGet("/authenticator/v0.1/factors/{factor_id}/challenges/{challenge_id}", "getChallengeAlias"),
  challengeVerify("/authenticator/v0.1/factors/{factor_id}/challenge/{challenge_id}", "verifyChallenge"),
  challengeVerify("/authenticator/v0.1/factors/{factor_id}/challenges/{challenge_id}", "verifyChallengeAlias"),
];
