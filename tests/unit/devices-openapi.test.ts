// The trusted-device API description uses the route schemas, and its examples satisfy them.
import { describe, expect, it } from "vitest";
import { devicesOperations } from "@/lib/devices/openapi";
import { API_OPERATIONS } from "@/lib/openapi/operations";

describe("trusted-device OpenAPI operations", () => {
  it("are collected, with unique operation ids", () => {
    for (const operation of devicesOperations) expect(API_OPERATIONS).toContain(operation);
    const ids = devicesOperations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("examples parse with the schemas the routes use", () => {
    for (const operation of devicesOperations) {
      if (operation.requestBody?.example !== undefined) expect(() => operation.requestBody!.schema.parse(operation.requestBody!.example), operation.operationId).not.toThrow();
      for (const response of Object.values(operation.responses)) {
        if (response.schema && response.example !== undefined) expect(() => response.schema!.parse(response.example), operation.operationId).not.toThrow();
      }
    }
  });
});
