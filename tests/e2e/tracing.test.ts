// OpenTelemetry traces, decoded by a real OTLP/HTTP receiver (no mocked SDK): a token request
// continues the caller's traceparent, its grant steps and SQL queries are child spans, a webhook
// delivery carries traceparent to the partner, and log lines carry the trace id.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicAuth, validIntent } from "../support/fixtures";
import { startOtlpReceiver, type OtlpReceiver } from "../support/otlp-receiver";
import { runCli, startServer, type RunningServer } from "../support/server";
import { localhostCertificate, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

let otlp: OtlpReceiver;
let hooks: WebhookReceiver;
let server: RunningServer;
let partner: { id: string; secret: string };

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  const tls = localhostCertificate();
  [otlp, hooks] = await Promise.all([startOtlpReceiver(), startWebhookReceiver({ tls })]);
  server = await startServer({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_BSP_SCHEDULE_DELAY: "100", LOG_LEVEL: "info", NODE_EXTRA_CA_CERTS: tls.certFile } });
  partner = { id: /Partner client_id:\s+(\S+)/.exec(server.output())![1]!, secret: /Partner client_secret:\s+(\S+)/.exec(server.output())![1]! };
  const configured = await runCli(["client", "update", partner.id, "--webhook-url", hooks.url], { TRUSTGATE_DATA_DIR: server.dataDir, TRUSTGATE_URL: server.url });
  expect(configured.code, configured.stderr).toBe(0);
});

afterAll(async () => {
  await server?.stop();
  await otlp?.close();
  await hooks?.close();
});

describe("OpenTelemetry traces over OTLP/HTTP", () => {
  it("a token request continues the caller's trace: server span, grant steps and SQL as children, trace_id in the log line", async () => {
    const traceId = randomBytes(16).toString("hex");
    const callerSpan = randomBytes(8).toString("hex");
    const response = await fetch(`${server.url}/v1/oauth/token`, {
      method: "POST",
      headers: { Authorization: basicAuth(partner.id, partner.secret), "Content-Type": "application/x-www-form-urlencoded", traceparent: `00-${traceId}-${callerSpan}-01` },
      body: "grant_type=client_credentials",
    });
    expect(response.status).toBe(200);
    await until(() => otlp.spans.some((span) => span.traceId === traceId && span.name === "POST /v1/oauth/token"), "the request span");
    await until(() => otlp.spans.filter((span) => span.traceId === traceId).length >= 4, "its child spans");
    const spans = otlp.spans.filter((span) => span.traceId === traceId);
    const root = spans.find((span) => span.name === "POST /v1/oauth/token")!;
    expect(root).toMatchObject({ parentSpanId: callerSpan, kind: 2, service: "trustgate", attributes: { "http.route": "/v1/oauth/token", "http.response.status_code": 200, "http.request.method": "POST" } });
    const auth = spans.find((span) => span.name === "oauth.authenticate_client")!;
    const grant = spans.find((span) => span.name === "oauth.grant.client_credentials")!;
    expect(auth.parentSpanId).toBe(root.spanId);
    expect(grant).toMatchObject({ parentSpanId: root.spanId, attributes: { "oauth.grant_type": "client_credentials", "oauth.client_id": partner.id } });
    const queries = spans.filter((span) => span.name === "db.query");
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.every((span) => [auth.spanId, grant.spanId, root.spanId].includes(span.parentSpanId!))).toBe(true);
    expect(queries[0]!.attributes["db.system"]).toBe("postgresql");
    // Never the secret, in any attribute.
    expect(JSON.stringify(spans)).not.toContain(partner.secret);
    await until(() => server.output().includes(`"trace_id":"${traceId}"`), "the request log line with the trace id", 10_000);
    expect(otlp.rejected).toEqual([]);
  });

  it("a webhook delivery is a client span whose traceparent reaches the partner", async () => {
    const created = await fetch(`${server.url}/v1/user_intent`, {
      method: "POST",
      headers: { Authorization: basicAuth(partner.id, partner.secret), "Content-Type": "application/json" },
      body: JSON.stringify(validIntent()),
    });
    expect(created.status).toBe(201);
    const intentId = ((await created.json()) as { id: string }).id;
    expect((await runCli(["intent", "set-status", intentId, "approved", "--reason", "checked"], { TRUSTGATE_DATA_DIR: server.dataDir, TRUSTGATE_URL: server.url })).code).toBe(0);
    await until(() => hooks.received.length > 0, "the webhook");
    const traceparent = String(hooks.received[0]!.headers.traceparent ?? "");
    const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/.exec(traceparent);
    expect(match, traceparent).not.toBeNull();
    await until(() => otlp.spans.some((span) => span.spanId === match![2]), "the delivery span");
    expect(otlp.spans.find((span) => span.spanId === match![2])).toMatchObject({ traceId: match![1], name: "webhook.deliver", kind: 3, attributes: { "server.address": "localhost" } });
  });
});
