// The OpenAPI 3.1 document, built from API_OPERATIONS (each described by the zod schemas its route
// parses with), once per process: the operations and the public URL do not change while it runs.
import { createHash } from "node:crypto";
import packageJson from "@/package.json";
import { publicUrl } from "@/lib/config/settings";
import { errorBodySchema } from "@/lib/errors/body";
import { SchemaCollector, type JsonSchema } from "./json-schema";
import { API_OPERATIONS } from "./operations";
import { securityRequirements, securitySchemes } from "./security-schemes";
import type { ApiExample, ApiHeader, ApiOperation, ApiResponse } from "./types";

export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, JsonSchema>> };

const TAG_DESCRIPTIONS: Record<string, string> = {
  OAuth: "OAuth 2.0 / OpenID Connect: the hosted sign-in, tokens, revocation, introspection, userinfo.",
  UserIntents: "Pre-register end users before they sign in (Astra's UserIntent).",
  Users: "The signed-in user, for a user's access token.",
  Discovery: "Metadata and keys for standard OAuth / OIDC client libraries.",
  Operations: "Health of an instance.",
};

const ERROR_REF = { $ref: "#/components/schemas/Error" };

function exampleObjects(examples: Record<string, ApiExample> | undefined): JsonSchema | undefined {
  if (!examples) return undefined;
  return Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, { ...(example.summary ? { summary: example.summary } : {}), value: example.value }]));
}

function mediaType(schema: JsonSchema, example: unknown, examples: Record<string, ApiExample> | undefined): JsonSchema {
  return {
    schema,
    ...(example !== undefined ? { example } : {}),
    ...(examples ? { examples: exampleObjects(examples) } : {}),
  };
}

function parameters(collector: SchemaCollector, operation: ApiOperation): JsonSchema[] {
  const result: JsonSchema[] = [];
  for (const location of ["path", "query"] as const) {
    const schema = operation.params?.[location];
    if (!schema) continue;
    const json = collector.convert(schema, "input");
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...propertySchema } = property;
      result.push({
        name,
        in: location,
        required: location === "path" || required.has(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: propertySchema,
      });
    }
  }
  return result;
}

function headers(collector: SchemaCollector, declared: Record<string, ApiHeader> | undefined): JsonSchema | undefined {
  if (!declared) return undefined;
  return Object.fromEntries(Object.entries(declared).map(([name, header]) => [name, { description: header.description, schema: header.schema ? collector.convert(header.schema, "output") : { type: "string" } }]));
}

function response(collector: SchemaCollector, status: number, declared: ApiResponse): JsonSchema {
  const out: JsonSchema = { description: declared.description };
  const responseHeaders = headers(collector, declared.headers);
  if (responseHeaders) out.headers = responseHeaders;
  if (declared.schema) {
    out.content = { [declared.contentType ?? "application/json"]: mediaType(collector.convert(declared.schema, "output"), declared.example, declared.examples) };
  } else if (declared.contentType) {
    out.content = { [declared.contentType]: mediaType({ type: "string" }, declared.example, declared.examples) };
  } else if (status >= 400) {
    out.content = { "application/json": mediaType(ERROR_REF, declared.example, declared.examples) };
  }
  return out;
}

function operationObject(collector: SchemaCollector, operation: ApiOperation): JsonSchema {
  const out: JsonSchema = {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: operation.tags,
    security: securityRequirements(operation),
  };
  const params = parameters(collector, operation);
  if (params.length) out.parameters = params;
  if (operation.requestBody) {
    const body = operation.requestBody;
    out.requestBody = {
      required: body.required ?? true,
      content: { [body.contentType ?? "application/json"]: mediaType(collector.convert(body.schema, "input"), body.example, body.examples) },
    };
  }
  out.responses = Object.fromEntries(Object.entries(operation.responses).map(([status, declared]) => [status, response(collector, Number(status), declared)]));
  return out;
}

export function buildOpenApiDocument(operations: readonly ApiOperation[], options: { serverUrl: string; version: string }): OpenApiDocument {
  const collector = new SchemaCollector();
  collector.convert(errorBodySchema, "output"); // components.schemas.Error, used by every error answer
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const tags = new Set<string>();
  for (const operation of operations) {
    const item = (paths[operation.path] ??= {});
    if (item[operation.method]) throw new Error(`OpenAPI: ${operation.method.toUpperCase()} ${operation.path} is described twice`);
    item[operation.method] = operationObject(collector, operation);
    for (const tag of operation.tags) tags.add(tag);
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "Trustgate API",
      version: options.version,
      summary: "Hosted login, onboarding and partner APIs",
      description:
        "Partner APIs of Trustgate. Server calls authenticate with HTTP Basic (`client_id:client_secret`) or a `client_credentials` Bearer token; " +
        "user APIs take the user's access token from the hosted sign-in. Every error is `{error, error_description}`.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: options.serverUrl }],
    tags: [...tags].map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) })),
    paths,
    components: { schemas: collector.components, securitySchemes: securitySchemes(options.serverUrl) },
  };
}

let cached: { document: OpenApiDocument; json: string; etag: string } | undefined;

/** This instance's document, its JSON text and ETag, built on first use. */
export function openApiDocument(): { document: OpenApiDocument; json: string; etag: string } {
  if (!cached) {
    const document = buildOpenApiDocument(API_OPERATIONS, { serverUrl: publicUrl(), version: packageJson.version });
    const json = JSON.stringify(document);
    cached = { document, json, etag: `"${createHash("sha256").update(json).digest("base64url").slice(0, 22)}"` };
  }
  return cached;
}

/**
 * The document as GET /openapi.json answers it: public and cacheable (it changes only with a
 * deployment), readable cross-origin by API tools (it holds nothing secret).
 */
export function openApiDocumentResponse(headers: Headers): Response {
  const { json, etag } = openApiDocument();
  const common = { ETag: etag, "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" };
  if (headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers: common });
  return new Response(json, { headers: { ...common, "Content-Type": "application/json; charset=utf-8" } });
}
