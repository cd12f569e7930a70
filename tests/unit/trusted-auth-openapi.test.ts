// The trusted-auth API documentation stays true: every example parses with the schema the route uses.
import { describe, expect, it } from "vitest";
import { customerUrl } from "@/lib/clients/customer-api-settings";
import { trustedAuthOperations } from "@/lib/trusted-auth/openapi";
import { customerRecord } from "@/lib/trusted-auth/schemas";

describe("trusted-auth OpenAPI entries", () => {
  it("request and response examples match their schemas", () => {
    expect(trustedAuthOperations.map((op) => `${op.method} ${op.path}`)).toEqual(["post /v1/partner/identity/verification", "post /v1/partner/identity/token"]);
    for (const op of trustedAuthOperations) {
      expect(op.requestBody!.schema.safeParse(op.requestBody!.example).success, op.path).toBe(true);
      for (const [status, response] of Object.entries(op.responses)) {
        if (response.schema && response.example !== undefined) expect(response.schema.safeParse(response.example).success, `${op.path} ${status}`).toBe(true);
      }
    }
  });

  it("the seed's example client response is a valid customer record", () => {
    const seed = { customer_id: "123456", first_name: "Jane", last_name: "Doe", phone: "+15555551234", lastAuthenticationTime: "2023-01-01T13:47:13.920Z" };
    expect(customerRecord.parse(seed)).toMatchObject({ customer_id: "123456", lastAuthenticationTime: "2023-01-01T13:47:13.920Z" });
  });

  it("the customer URL keeps the base path and encodes the id as one segment", () => {
    expect(customerUrl("https://api.partner.example", "123456")).toBe("https://api.partner.example/v1/customers/123456");
    expect(customerUrl("https://api.partner.example/astra/", "a/../b")).toBe("https://api.partner.example/astra/v1/customers/a%2F..%2Fb");
  });
});

describe("customer_id", () => {
  it("cannot climb out of /v1/customers/", async () => {
    const { identityVerificationRequest } = await import("@/lib/trusted-auth/schemas");
    for (const bad of [".", ".."]) expect(identityVerificationRequest.safeParse({ provider: "Unit", provider_data: { customer_id: bad }, user_id: "u" }).success).toBe(false);
  });
});
