import { beforeAll, describe, expect, it } from "vitest";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { CLIENT_AUTH_FAILURES_PER_IP } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { withPartner } from "@/lib/http/route";
import { rotateClientSecret } from "@/lib/clients/rotate-secret";
import type { CreatedClient } from "@/lib/clients/create-client";
import { apiRequest, basicAuth, createTestClient, formRequest } from "../support/fixtures";

let partner: CreatedClient;

beforeAll(async () => {
  partner = await createTestClient();
});

async function token(form: Record<string, string>, headers: Record<string, string> = {}, ip?: string) {
  const response = await tokenRoute(formRequest("/v1/oauth/token", form, { headers, ip }));
  return { response, body: (await response.json()) as { error: string; error_description: string } };
}

describe("partner client authentication", () => {
  it("accepts the right secret over HTTP Basic (the grant is then judged on its own)", async () => {
    const { response, body } = await token({ grant_type: "client_credentials" }, { Authorization: basicAuth(partner.client_id, partner.client_secret!) });
    expect(response.status).toBe(200);
    expect(body).toHaveProperty("access_token");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("accepts client_secret_post", async () => {
    const { response, body } = await token({ grant_type: "client_credentials", client_id: partner.client_id, client_secret: partner.client_secret! });
    expect(response.status).toBe(200);
    expect(body).toHaveProperty("access_token");
  });

  it.each([
    ["a wrong secret", () => basicAuth(partner.client_id, partner.client_secret + "x")],
    ["an unknown client", () => basicAuth("no-such-client", "whatever")],
    ["a header that is not base64", () => "Basic %%%not-base64%%%"],
    ["a header without a colon", () => `Basic ${Buffer.from("just-an-id").toString("base64")}`],
    ["an unsupported scheme", () => `Digest username="x"`],
  ])("answers invalid_client 401 for %s", async (_label, header) => {
    const { response, body } = await token({ grant_type: "client_credentials" }, { Authorization: header() }, "198.51.100.1");
    expect(response.status).toBe(401);
    expect(body.error).toBe("invalid_client");
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm="trustgate"/);
    expect(JSON.stringify(body)).not.toMatch(/stack|prisma|at \w+ \(/i);
  });

  it("answers invalid_client when no credentials are sent", async () => {
    const { response, body } = await token({ grant_type: "client_credentials" });
    expect(response.status).toBe(401);
    expect(body.error).toBe("invalid_client");
  });

  it("refuses two authentication methods at once", async () => {
    const { response, body } = await token({ grant_type: "client_credentials", client_secret: partner.client_secret! }, { Authorization: basicAuth(partner.client_id, partner.client_secret!) });
    expect(response.status).toBe(400);
    expect(body.error).toBe("invalid_request");
  });

  it("decodes form-urlencoded Basic credentials (RFC 6749 §2.3.1)", async () => {
    // The secret contains no reserved characters, but the encoder must still round-trip it.
    const header = `Basic ${Buffer.from(`${encodeURIComponent(partner.client_id)}:${encodeURIComponent(partner.client_secret!)}`).toString("base64")}`;
    const { response } = await token({ grant_type: "client_credentials" }, { Authorization: header });
    expect(response.status).toBe(200);
  });

  it("lets a public client identify itself by client_id alone, but not a confidential one", async () => {
    const app = await createTestClient({ type: "public" });
    expect(app.client_secret).toBeNull();
    // Authenticated: the request then fails on its own merits (no code), not as invalid_client.
    expect((await token({ grant_type: "authorization_code", client_id: app.client_id })).body.error).toBe("invalid_request");
    expect((await token({ grant_type: "authorization_code", client_id: app.client_id, code: "unknown", redirect_uri: app.redirect_uris[0]! })).body.error).toBe("invalid_grant");
    expect((await token({ grant_type: "authorization_code", client_id: partner.client_id })).response.status).toBe(401);
  });

  it("stores only a hash of the secret", async () => {
    const row = await db().client.findUniqueOrThrow({ where: { id: partner.client_id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(partner.client_secret!);
  });

  it("audits failures without the presented secret", async () => {
    await token({ grant_type: "client_credentials" }, { Authorization: basicAuth(partner.client_id, "guess-1") }, "192.0.2.50");
    const events = await db().auditEvent.findMany({ where: { type: "client.auth_failed", clientId: partner.client_id, ip: "192.0.2.50" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ reason: "wrong secret", method: "client_secret_basic" });
    expect(JSON.stringify(events[0])).not.toContain("guess-1");
  });

  it("throttles an address after repeated failures, without locking out the partner elsewhere", async () => {
    const ip = "192.0.2.99";
    const bad = { Authorization: basicAuth(partner.client_id, "wrong") };
    for (let i = 0; i < CLIENT_AUTH_FAILURES_PER_IP; i++) {
      expect((await token({ grant_type: "client_credentials" }, bad, ip)).response.status).toBe(401);
    }
    const throttled = await token({ grant_type: "client_credentials" }, bad, ip);
    expect(throttled.response.status).toBe(429);
    expect(throttled.body.error).toBe("too_many_requests");
    expect(Number(throttled.response.headers.get("retry-after"))).toBeGreaterThan(0);
    const elsewhere = await token({ grant_type: "client_credentials" }, { Authorization: basicAuth(partner.client_id, partner.client_secret!) }, "192.0.2.100");
    expect(elsewhere.response.status).toBe(200);
  });

  it("counts concurrent failures exactly (the limiter is atomic)", async () => {
    const ip = "192.0.2.123";
    const bad = { Authorization: basicAuth(partner.client_id, "wrong") };
    const results = await Promise.all(Array.from({ length: CLIENT_AUTH_FAILURES_PER_IP + 10 }, () => token({ grant_type: "client_credentials" }, bad, ip)));
    const statuses = results.map((result) => result.response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(CLIENT_AUTH_FAILURES_PER_IP);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
  });

  it("rotating the secret retires the old one at once", async () => {
    const client = await createTestClient();
    const rotated = await rotateClientSecret(client.client_id, { type: "cli" });
    expect((await token({ grant_type: "client_credentials" }, { Authorization: basicAuth(client.client_id, client.client_secret!) })).response.status).toBe(401);
    expect((await token({ grant_type: "client_credentials" }, { Authorization: basicAuth(client.client_id, rotated.client_secret) })).response.status).toBe(200);
  });
});

describe("token endpoint input", () => {
  const auth = () => ({ Authorization: basicAuth(partner.client_id, partner.client_secret!) });

  it("requires grant_type", async () => {
    const { response, body } = await token({}, auth());
    expect(response.status).toBe(400);
    expect(body).toEqual({ error: "invalid_request", error_description: "grant_type is required" });
  });

  it("rejects unknown grant types", async () => {
    expect((await token({ grant_type: "password" }, auth())).body.error).toBe("unsupported_grant_type");
  });

  it("rejects JSON bodies and repeated parameters", async () => {
    const json = await tokenRoute(apiRequest("/v1/oauth/token", { method: "POST", headers: { ...auth(), "Content-Type": "application/json" }, body: "{}" }));
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: string }).error).toBe("invalid_request");
    const repeated = await tokenRoute(apiRequest("/v1/oauth/token", { method: "POST", headers: { ...auth(), "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=a&grant_type=b" }));
    expect(((await repeated.json()) as { error_description: string }).error_description).toMatch(/repeated/);
  });

  it("refuses oversized bodies with 413", async () => {
    const response = await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials", pad: "x".repeat(70_000) }, { headers: auth() }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe("payload_too_large");
  });
});

describe("withPartner route wrapper", () => {
  const echo = withPartner(async ({ partner: authenticated, requestId }) => ({ client_id: authenticated.client.id, requestId }));

  it("hands the authenticated partner and request id to the handler", async () => {
    const response = await echo(apiRequest("/v1/echo", { headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!), "x-request-id": "req-12345678" } }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ client_id: partner.client_id, requestId: "req-12345678" });
  });

  it("never reaches the handler without valid credentials", async () => {
    const response = await echo(apiRequest("/v1/echo"));
    expect(response.status).toBe(401);
  });

  it("turns unexpected errors into a generic 500 with the request id", async () => {
    const broken = withPartner(async () => {
      throw new Error("secret internal detail");
    });
    const response = await broken(apiRequest("/v1/broken", { headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!), "x-request-id": "req-abcdefgh" } }));
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe("server_error");
    expect(body.error_description).toContain("req-abcdefgh");
    expect(JSON.stringify(body)).not.toContain("secret internal detail");
  });
});
