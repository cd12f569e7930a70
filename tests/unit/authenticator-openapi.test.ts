// The Authenticator API documentation stays true: every route is described, every example parses
// with the schema the route uses, and every schema can be rendered as JSON Schema.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { authenticatorOperations } from "@/lib/authenticator/openapi";

describe("authenticator OpenAPI entries", () => {
  it("describe every authenticator and console route", () => {
    expect(authenticatorOperations.map((op) => `${op.method} ${op.path}`).sort()).toEqual(
      [
        "get /console/v0.2/workspaces/{workspace_id}/projects/{project_id}",
        "patch /console/v0.2/workspaces/{workspace_id}/projects/{project_id}",
        "post /authenticator/v0.1/factors",
        "get /authenticator/v0.1/factors",
        "get /authenticator/v0.1/factors/{factor_id}",
        "patch /authenticator/v0.1/factors/{factor_id}",
        "delete /authenticator/v0.1/factors/{factor_id}",
        "post /authenticator/v0.1/factors/{factor_id}/challenge",
        "post /authenticator/v0.1/factors/{factor_id}/challenges",
        "get /authenticator/v0.1/factors/{factor_id}/challenge/{challenge_id}",
        "get /authenticator/v0.1/factors/{factor_id}/challenges/{challenge_id}",
        "patch /authenticator/v0.1/factors/{factor_id}/challenge/{challenge_id}",
        "patch /authenticator/v0.1/factors/{factor_id}/challenges/{challenge_id}",
      ].sort(),
    );
    expect(new Set(authenticatorOperations.map((op) => op.operationId)).size).toBe(authenticatorOperations.length);
  });

  it("request and response examples match their schemas", () => {
    for (const op of authenticatorOperations) {
      if (op.requestBody?.example !== undefined) expect(op.requestBody.schema.safeParse(op.requestBody.example).success, `${op.method} ${op.path}`).toBe(true);
      for (const [status, response] of Object.entries(op.responses)) {
        if (response.schema && response.example !== undefined) expect(response.schema.safeParse(response.example).success, `${op.method} ${op.path} ${status}`).toBe(true);
      }
    }
  });

  it("every schema renders as JSON Schema", () => {
    for (const op of authenticatorOperations) {
      const schemas = [op.requestBody?.schema, op.params?.path, op.params?.query, ...Object.values(op.responses).map((r) => r.schema)].filter((s): s is z.ZodType => s !== undefined);
      for (const schema of schemas) expect(() => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }), `${op.method} ${op.path}`).not.toThrow();
    }
  });
});
