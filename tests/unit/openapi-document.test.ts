// The OpenAPI document describes every partner route, is structurally sound, and its examples are
// accepted by the very zod schemas the routes parse with.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import packageJson from "@/package.json";
import { errorBodySchema } from "@/lib/errors/body";
import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/openapi/document";
import { API_OPERATIONS } from "@/lib/openapi/operations";
import type { ApiOperation } from "@/lib/openapi/types";
import { ROOT } from "../support/paths";

const document: OpenApiDocument = buildOpenApiDocument(API_OPERATIONS, { serverUrl: "https://login.example.com", version: packageJson.version });

/**
 * Routes that are NOT partner API and so stay out of the document. Patterns are URL templates
 * (`*` at the end matches any rest). Every entry says why.
 */
const NOT_PARTNER_API: { pattern: string; why: string }[] = [
  { pattern: "/api/auth/{...nextauth}", why: "next-auth's own endpoints for end-user sessions (CSRF token, sign-in callbacks), used by the hosted pages" },
  { pattern: "/login/continue", why: "an internal step of the hosted sign-in (carries the rid of an authorization request)" },
  { pattern: "/dev/outbox*", why: "development SMS outbox, disabled in production" },
  { pattern: "/demo/*", why: "the demo partner's callback page" },
  { pattern: "/openapi.json", why: "this document itself" },
  { pattern: "/docs", why: "the rendered reference" },
  { pattern: "/docs/assets/*", why: "the reference's script and stylesheet" },
  { pattern: "/api/devices/*", why: "same-origin JSON endpoints of the hosted device pages (passkeys, approvals), Origin-checked; not for partners" },
  { pattern: "/api/actions/*", why: "same-origin JSON endpoints of the hosted action challenge page, Origin-checked; not for partners" },
  { pattern: "/sdk/*", why: 'the web SDK\'s module and types (browser assets, README "Web SDK")' },
  { pattern: "/admin/*", why: "the admin dashboard and its own next-auth endpoints" },
  { pattern: "/branding/logo/*", why: "partner logos drawn by the hosted pages (immutable, same-origin); their URL is the logo_uri the CLI and admin page report" },
  { pattern: "/verify/document/upload", why: "the hosted document form's multipart upload (same-origin only)" },
  { pattern: "/v1/oauth/logout", why: "OpenID Connect RP-Initiated Logout: a browser navigation answered with HTML or a redirect (end_session_endpoint in discovery)" },
];

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * CORS preflights (`OPTIONS`, lib/http/cors.ts) are the browser's protocol, not partner operations:
 * each endpoint that answers them says so in its own description.
 */
const NOT_OPERATIONS = new Set(["OPTIONS"]);

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** `app/v1/user_intent/[id]/route.ts` → `/v1/user_intent/{id}`; `(group)` folders vanish. */
function urlTemplateOf(file: string): string {
  const folders = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).filter(Boolean);
  const segments = folders.filter((folder) => !/^\(.*\)$/.test(folder)).map((folder) => folder.replace(/^\[\[?(\.\.\.)?([^\]]+)\]\]?$/, (_, rest: string | undefined, name: string) => `{${rest ?? ""}${name}}`));
  return `/${segments.join("/")}`;
}

/** The HTTP methods a route module exports (`export const GET`, `export async function POST`, `export { h as GET }`). */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) found.add(match[1]!);
  // `export { h as GET }` and `export const { GET, POST } = handlers`.
  for (const block of source.matchAll(/export\s*(?:const\s*)?\{([^}]*)\}/g)) {
    for (const part of block[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()!
        .trim();
      if ((HTTP_METHODS as readonly string[]).includes(name) || name === "HEAD" || name === "OPTIONS") found.add(name);
    }
  }
  return [...found].sort();
}

function allowListed(template: string): boolean {
  return NOT_PARTNER_API.some(({ pattern }) => (pattern.endsWith("*") ? template.startsWith(pattern.slice(0, -1)) : template === pattern));
}

const routes = routeFiles(path.join(ROOT, "app")).flatMap((file) => exportedMethods(fs.readFileSync(file, "utf8")).map((method) => ({ file: path.relative(ROOT, file), template: urlTemplateOf(file), method })));

function undocumentedRoutes(doc: OpenApiDocument) {
  const documented = new Set(Object.entries(doc.paths).flatMap(([template, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${template}`)));
  return routes.filter((route) => !allowListed(route.template) && !NOT_OPERATIONS.has(route.method) && !documented.has(`${route.method} ${route.template}`));
}

type Json = Record<string, unknown>;
const operations = Object.entries(document.paths).flatMap(([template, item]) => Object.entries(item).map(([method, operation]) => ({ template, method: method.toUpperCase(), operation: operation as Json })));

function walk(value: unknown, visit: (node: Json, pointer: string) => void, pointer = "#"): void {
  if (Array.isArray(value)) value.forEach((item, index) => walk(item, visit, `${pointer}/${index}`));
  else if (value && typeof value === "object") {
    visit(value as Json, pointer);
    for (const [key, inner] of Object.entries(value)) walk(inner, visit, `${pointer}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`);
  }
}

function resolvePointer(ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Json)[key] : undefined), document);
}

describe("route coverage", () => {
  it("finds the routes it walks (the walker itself works)", () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes).toContainEqual(expect.objectContaining({ template: "/v1/user_intent/{id}", method: "GET" }));
    expect(routes).toContainEqual(expect.objectContaining({ template: "/api/auth/{...nextauth}", method: "POST" }));
    expect(urlTemplateOf(path.join(ROOT, "app/(admin)/admin/users/[userId]/route.ts"))).toBe("/admin/users/{userId}");
    expect(exportedMethods("export const GET = a;\nexport async function PATCH() {}\nexport { handler as POST, other as DELETE };")).toEqual(["DELETE", "GET", "PATCH", "POST"]);
    expect(exportedMethods("export const { GET, PUT } = handlers;")).toEqual(["GET", "PUT"]);
  });

  it("documents every method of every partner API route", () => {
    expect(undocumentedRoutes(document).map((route) => `${route.method} ${route.template} (${route.file}): add it to lib/<capability>/openapi.ts`)).toEqual([]);
  });

  it("would notice a route left out of the document", () => {
    const withoutIntentGet = buildOpenApiDocument(
      API_OPERATIONS.filter((operation) => operation.operationId !== "getUserIntent"),
      { serverUrl: "https://login.example.com", version: "0.0.0" },
    );
    expect(undocumentedRoutes(withoutIntentGet)).toEqual([{ file: "app/v1/user_intent/[id]/route.ts", template: "/v1/user_intent/{id}", method: "GET" }]);
  });

  it("documents no operation that has no route", () => {
    const existing = new Set(routes.map((route) => `${route.method} ${route.template}`));
    expect(operations.filter((op) => !existing.has(`${op.method} ${op.template}`)).map((op) => `${op.method} ${op.template}`)).toEqual([]);
  });
});

describe("the OpenAPI 3.1 document", () => {
  it("is OpenAPI 3.1 with this package's version and a server", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: "Trustgate API", version: packageJson.version });
    expect(document.servers).toEqual([{ url: "https://login.example.com" }]);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it("resolves every $ref and leaves no JSON Schema $defs or $schema behind", () => {
    const problems: string[] = [];
    walk(document, (node, pointer) => {
      if (typeof node.$ref === "string" && resolvePointer(node.$ref) === undefined) problems.push(`${pointer}: ${node.$ref} does not resolve`);
      if ("$defs" in node || "$schema" in node) problems.push(`${pointer}: $defs/$schema`);
    });
    expect(problems).toEqual([]);
  });

  it("gives every operation a unique operationId, a summary, tags and responses with valid status codes", () => {
    const ids = operations.map((op) => op.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const declaredTags = new Set((document.tags as { name: string }[]).map((tag) => tag.name));
    for (const { template, method, operation } of operations) {
      const where = `${method} ${template}`;
      expect(operation.summary, where).toBeTruthy();
      expect(
        (operation.tags as string[]).every((tag) => declaredTags.has(tag)),
        where,
      ).toBe(true);
      const responses = Object.keys(operation.responses as Json);
      expect(responses.length, where).toBeGreaterThan(0);
      expect(
        responses.every((status) => /^[1-5]\d\d$/.test(status)),
        where,
      ).toBe(true);
      for (const answer of Object.values(operation.responses as Record<string, Json>)) expect(answer.description, where).toBeTruthy();
    }
  });

  it("declares each path parameter of a template, and only those", () => {
    for (const { template, method, operation } of operations) {
      const inTemplate = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      const params = ((operation.parameters ?? []) as Json[]).filter((param) => param.in === "path");
      expect(params.map((param) => param.name).sort(), `${method} ${template}`).toEqual(inTemplate);
      expect(params.every((param) => param.required === true)).toBe(true);
    }
  });

  it("uses only declared security schemes, including the OAuth 2.0 authorization code flow", () => {
    const schemes = (document.components as { securitySchemes: Record<string, Json> }).securitySchemes;
    expect(Object.keys(schemes).sort()).toEqual(["oauth2", "partnerBasic", "partnerBearer", "userBearer"]);
    expect(schemes.oauth2).toMatchObject({
      flows: { authorizationCode: { authorizationUrl: "https://login.example.com/login/oauth/authorize", tokenUrl: "https://login.example.com/v1/oauth/token" } },
    });
    for (const { operation } of operations) {
      for (const requirement of operation.security as Json[]) for (const name of Object.keys(requirement)) expect(schemes).toHaveProperty(name);
    }
  });

  it("answers every error with the shared Error schema unless it says otherwise", () => {
    expect((document.components as { schemas: Json }).schemas.Error).toMatchObject({ required: ["error", "error_description"] });
    for (const { operation } of operations) {
      for (const [status, answer] of Object.entries(operation.responses as Record<string, Json>)) {
        const json = (answer.content as Record<string, Json> | undefined)?.["application/json"];
        if (Number(status) >= 400 && json && status !== "503") expect(json.schema).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
  });

  it("refuses two different schemas that claim the same component id", () => {
    const first = z.object({ a: z.string() }).meta({ id: "DuplicateForTest" });
    const second = z.object({ b: z.string() }).meta({ id: "DuplicateForTest" });
    const operation = (path: string, schema: z.ZodType): ApiOperation => ({
      method: "get",
      path,
      operationId: path.slice(1),
      summary: "x",
      tags: ["T"],
      security: ["none"],
      responses: { 200: { description: "ok", schema } },
    });
    expect(() => buildOpenApiDocument([operation("/one", first), operation("/two", second)], { serverUrl: "https://x.example", version: "0" })).toThrow(/DuplicateForTest/);
    // The same schema used twice is one component.
    const shared = buildOpenApiDocument([operation("/one", first), operation("/two", first)], { serverUrl: "https://x.example", version: "0" });
    expect(Object.keys((shared.components as { schemas: object }).schemas)).toContain("DuplicateForTest");
  });

  it("describes the token request as a form, one schema per grant_type", () => {
    const body = (document.paths["/v1/oauth/token"]!.post!.requestBody as { content: Record<string, Json> }).content["application/x-www-form-urlencoded"]!;
    expect(body.schema).toMatchObject({ discriminator: { propertyName: "grant_type" } });
    expect((body.schema as { oneOf: unknown[] }).oneOf).toHaveLength(3);
  });
});

describe("examples", () => {
  // Every example must be something the route accepts / would answer: parsed by the same schemas.
  for (const operation of API_OPERATIONS) {
    const where = `${operation.method.toUpperCase()} ${operation.path}`;
    const body = operation.requestBody;
    if (body) {
      const examples = [...(body.example !== undefined ? [body.example] : []), ...Object.values(body.examples ?? {}).map((example) => example.value)];
      it(`${where}: request examples pass the route's schema`, () => {
        expect(examples.length).toBeGreaterThan(0);
        for (const example of examples) {
          const result = body.schema.safeParse(example);
          expect(result.error?.issues ?? [], JSON.stringify(example)).toEqual([]);
        }
      });
    }
    for (const [status, answer] of Object.entries(operation.responses)) {
      // Error answers without their own schema use the shared Error schema.
      const schema = answer.schema ?? (Number(status) >= 400 && !answer.contentType ? errorBodySchema : undefined);
      if (!schema || answer.example === undefined) continue;
      it(`${where} ${status}: the response example matches its schema`, () => {
        const result = schema.safeParse(answer.example);
        expect(result.error?.issues ?? []).toEqual([]);
      });
    }
  }
});
