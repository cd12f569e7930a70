// The response schemas in the OpenAPI document are the answers the routes really give: every
// field a route sends is documented, and every documented required field is sent.
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { GET as jwksRoute } from "@/app/.well-known/jwks.json/route";
import { GET as discoveryRoute } from "@/app/.well-known/openid-configuration/route";
import { GET as healthRoute } from "@/app/healthz/route";
import { GET as openApiRoute } from "@/app/openapi.json/route";
import { GET as userinfoRoute } from "@/app/v1/oauth/userinfo/route";
import { GET as userRoute } from "@/app/v1/user/route";
import { GET as getIntentRoute } from "@/app/v1/user_intent/[id]/route";
import { GET as listIntentsRoute, POST as createIntentRoute } from "@/app/v1/user_intent/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { healthSchema } from "@/lib/health/schemas";
import { errorBodySchema } from "@/lib/errors/body";
import { userIntentPageSchema, userIntentResourceSchema } from "@/lib/intents/serialize";
import { jwksSchema } from "@/lib/keys/schemas";
import { forgetSigningKeys } from "@/lib/keys/signing-keys";
import { discoveryDocumentSchema } from "@/lib/oauth/discovery";
import { introspectionResponseSchema, tokenResponseSchema, userInfoResponseSchema } from "@/lib/oauth/schemas";
import { userResourceSchema } from "@/lib/users/schemas";
import { apiRequest, basicAuth, createTestClient, uniqueEmail, validIntent } from "../support/fixtures";
import { createTestUser, introspect, postToken, signIn } from "../support/oauth-fixtures";

let partner: CreatedClient;

beforeAll(async () => {
  forgetSigningKeys();
  partner = await createTestClient();
});

/** Parses with the documented schema and checks that no field is sent that the schema does not name. */
function expectDocumented(schema: z.ZodObject, body: unknown): void {
  const result = schema.safeParse(body);
  expect(result.error?.issues ?? [], JSON.stringify(body)).toEqual([]);
  const undocumented = Object.keys(body as object).filter((key) => !(key in schema.shape));
  expect(undocumented).toEqual([]);
}

const partnerAuth = () => ({ Authorization: basicAuth(partner.client_id, partner.client_secret!) });

describe("documented answers", () => {
  it("token endpoint: authorization_code with openid and client_credentials", async () => {
    const user = await createTestUser();
    expectDocumented(tokenResponseSchema, await signIn(partner, user, { scope: "openid phone offline_access" }));
    const partnerToken = await postToken(partner, { grant_type: "client_credentials" });
    expectDocumented(tokenResponseSchema, partnerToken.body);
  });

  it("introspection of user, partner and unknown tokens", async () => {
    const tokens = await signIn(partner, await createTestUser(), { scope: "openid" });
    expectDocumented(introspectionResponseSchema, (await introspect(partner, tokens.access_token)).body);
    expectDocumented(introspectionResponseSchema, (await introspect(partner, tokens.refresh_token!)).body);
    expectDocumented(introspectionResponseSchema, (await introspect(partner, "not-a-token")).body);
  });

  it("userinfo and /v1/user", async () => {
    const user = await createTestUser({ email: "jane.doe@example.com", firstName: "Jane", lastName: "Doe" });
    const tokens = await signIn(partner, user, { scope: "openid phone email profile" });
    const headers = { Authorization: `Bearer ${tokens.access_token}` };
    expectDocumented(userInfoResponseSchema, await (await userinfoRoute(apiRequest("/v1/oauth/userinfo", { headers }))).json());
    expectDocumented(userResourceSchema, await (await userRoute(apiRequest("/v1/user", { headers }))).json());
  });

  it("UserIntent create, get and list", async () => {
    const created = await createIntentRoute(
      apiRequest("/v1/user_intent", { method: "POST", headers: { ...partnerAuth(), "Content-Type": "application/json" }, body: JSON.stringify(validIntent({ email: uniqueEmail(), metadata: { customer_id: "123456" } })) }),
    );
    expect(created.status).toBe(201);
    const intent = (await created.json()) as { id: string };
    expectDocumented(userIntentResourceSchema, intent);
    const one = await getIntentRoute(apiRequest(`/v1/user_intent/${intent.id}`, { headers: partnerAuth() }), { params: Promise.resolve({ id: intent.id }) });
    expectDocumented(userIntentResourceSchema, await one.json());
    const page = (await (await listIntentsRoute(apiRequest("/v1/user_intent?limit=1", { headers: partnerAuth() }))).json()) as { data: unknown[] };
    expectDocumented(userIntentPageSchema, page);
    expectDocumented(userIntentResourceSchema, page.data[0]);
  });

  it("errors, discovery, JWKS and health", async () => {
    const missing = await getIntentRoute(apiRequest("/v1/user_intent/nope", { headers: partnerAuth() }), { params: Promise.resolve({ id: "nope" }) });
    expect(missing.status).toBe(404);
    expectDocumented(errorBodySchema, await missing.json());
    const invalid = await createIntentRoute(apiRequest("/v1/user_intent", { method: "POST", headers: { ...partnerAuth(), "Content-Type": "application/json" }, body: "{}" }));
    expectDocumented(errorBodySchema, await invalid.json());
    expectDocumented(discoveryDocumentSchema, await (await discoveryRoute(apiRequest("/.well-known/openid-configuration"))).json());
    const jwks = (await (await jwksRoute(apiRequest("/.well-known/jwks.json"))).json()) as { keys: unknown[] };
    expectDocumented(jwksSchema, jwks);
    expect(jwks.keys.length).toBeGreaterThan(0);
    expectDocumented(healthSchema, await (await healthRoute(apiRequest("/healthz"))).json());
  });
});

describe("GET /openapi.json route", () => {
  it("answers the cached document with its ETag, and 304 when the client has it", async () => {
    const first = await openApiRoute(apiRequest("/openapi.json"));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const etag = first.headers.get("etag")!;
    expect((await first.json()) as { paths: object }).toHaveProperty(["paths", "/v1/oauth/token"]);
    const second = await openApiRoute(apiRequest("/openapi.json", { headers: { "If-None-Match": etag } }));
    expect(second.status).toBe(304);
  });
});
