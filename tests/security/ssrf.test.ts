// SSRF through partner-set URLs (webhooks, authenticator callbacks, the customer API): every
// refused address class in every spelling, names that resolve inside, a DNS answer that changes
// between the check and the connection, a redirect inward — and what the partner sees of it all.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listRoute } from "@/app/v1/webhooks/deliveries/route";
import { POST as resendRoute } from "@/app/v1/webhooks/deliveries/[id]/resend/route";
import { callbackUrlSchema } from "@/lib/authenticator/schemas";
import { updateTrustedAuth } from "@/lib/clients/update-trusted-auth";
import { db } from "@/lib/db";
import { OutboundError, outboundFetch, outboundUrlProblem, type Resolver } from "@/lib/outbound";
import { fetchCustomer } from "@/lib/trusted-auth/customer-api";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { runDeliveryBatch } from "@/lib/webhooks/worker";
import { freePort } from "../support/server";
import { apiRequest, basicAuth, createTestClient } from "../support/fixtures";
import { localhostCertificate } from "../support/webhook-receiver";

const CATEGORIES = /^(timeout|connect_failed|tls_failed|refused|too_large|http_\d{3})$/;

/** An internal service that must never be reached: it counts every request and leaks a secret. */
let internalHits = 0;
let internal: http.Server;
let internalPort: number;
/** An allowed receiver that answers a redirect into the internal service. */
let redirector: http.Server;
let redirectorPort: number;
/** An allowed https receiver whose certificate nobody trusts. */
let untrusted: https.Server;
let untrustedPort: number;

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  internal = http.createServer((_req, res) => {
    internalHits += 1;
    res.writeHead(500, { "Content-Type": "text/plain" });
    res.end("INTERNAL-SECRET admin console v1.2");
  });
  internalPort = await listen(internal);
  redirector = http.createServer((_req, res) => {
    res.writeHead(302, { Location: `http://127.0.0.1:${internalPort}/latest/meta-data/` });
    res.end();
  });
  redirectorPort = await listen(redirector);
  const tls = localhostCertificate();
  untrusted = https.createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end("tls ok"));
  untrustedPort = await listen(untrusted);
});

afterAll(async () => {
  for (const server of [internal, redirector, untrusted]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The default policy: nothing internal is allowed. */
function noAllowList() {
  vi.stubEnv("TRUSTGATE_OUTBOUND_ALLOW", "");
}

async function categoryOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof OutboundError) return error.category;
    throw error;
  }
}

const call = (url: string, resolver?: Resolver) => outboundFetch(url, { method: "POST", body: "{}" }, { timeoutMs: 2000, maxBytes: 1024, resolver });

describe("ssrf-refused-address-classes", () => {
  // [what, URL]: each is refused when set (no DNS needed) and when called; the internal service sees nothing.
  const P = () => internalPort;
  const TABLE: [string, () => string][] = [
    ["loopback", () => `https://127.0.0.1:${P()}/`],
    ["loopback, elsewhere in 127/8", () => `https://127.45.6.7:${P()}/`],
    ["loopback, short form 127.1", () => `https://127.1:${P()}/`],
    ["loopback, decimal 2130706433", () => `https://2130706433:${P()}/`],
    ["loopback, octal 0177.0.0.1", () => `https://0177.0.0.1:${P()}/`],
    ["loopback, octal 017700000001", () => `https://017700000001:${P()}/`],
    ["loopback, hex 0x7f.0.0.1", () => `https://0x7f.0.0.1:${P()}/`],
    ["loopback, hex 0x7f000001", () => `https://0x7f000001:${P()}/`],
    ["loopback, mixed 0x7f.0.1", () => `https://0x7f.0.1:${P()}/`],
    ["unspecified 0.0.0.0", () => `https://0.0.0.0:${P()}/`],
    ["unspecified, decimal 0", () => `https://0:${P()}/`],
    ["private 10/8", () => "https://10.0.0.1/"],
    ["private 172.16/12", () => "https://172.31.255.254/"],
    ["private 192.168/16", () => "https://192.168.1.1/"],
    ["private, decimal 3232235777 (192.168.1.1)", () => "https://3232235777/"],
    ["CGNAT 100.64/10", () => "https://100.64.0.1/"],
    ["link-local 169.254/16", () => "https://169.254.1.1/"],
    ["metadata 169.254.169.254", () => "http://169.254.169.254/latest/meta-data/"],
    ["metadata, hex 0xa9fea9fe", () => "https://0xa9fea9fe/"],
    ["metadata, Azure wire server", () => "https://168.63.129.16/"],
    ["metadata, Alibaba", () => "https://100.100.100.200/"],
    ["metadata, AWS IPv6", () => "https://[fd00:ec2::254]/"],
    ["multicast 224/4", () => "https://224.0.0.1/"],
    ["broadcast", () => "https://255.255.255.255/"],
    ["reserved 240/4", () => "https://240.0.0.1/"],
    ["IPv6 loopback ::1", () => `https://[::1]:${P()}/`],
    ["IPv6 loopback, long form", () => `https://[0:0:0:0:0:0:0:1]:${P()}/`],
    ["IPv6 unspecified ::", () => `https://[::]:${P()}/`],
    ["IPv4-mapped ::ffff:127.0.0.1", () => `https://[::ffff:127.0.0.1]:${P()}/`],
    ["IPv4-mapped, hex ::ffff:7f00:1", () => `https://[::ffff:7f00:1]:${P()}/`],
    ["IPv4-mapped public address (still refused)", () => "https://[::ffff:8.8.8.8]/"],
    ["IPv4-compatible ::127.0.0.1", () => `https://[::127.0.0.1]:${P()}/`],
    ["NAT64 64:ff9b::7f00:1", () => "https://[64:ff9b::7f00:1]/"],
    ["NAT64 64:ff9b::a9fe:a9fe (metadata)", () => "https://[64:ff9b::169.254.169.254]/"],
    ["6to4 2002:7f00:1::", () => "https://[2002:7f00:1::1]/"],
    ["unique local fc00::/7", () => "https://[fd12:3456::1]/"],
    ["link-local fe80::/10", () => "https://[fe80::1]/"],
    ["IPv6 multicast ff02::1", () => "https://[ff02::1]/"],
    ["the name localhost", () => `https://localhost:${P()}/`],
    ["a *.localhost name", () => `https://api.localhost:${P()}/`],
    ["a single-label internal name", () => "https://intranet/"],
    ["a *.internal name", () => "https://metadata.google.internal/computeMetadata/v1/"],
  ];

  it.each(TABLE)("%s is refused when set and when called", async (_what, url) => {
    noAllowList();
    expect(outboundUrlProblem(url())).not.toBeNull();
    expect(callbackUrlSchema.safeParse(url()).success).toBe(false);
    expect(await categoryOf(call(url()))).toBe("refused");
    expect(internalHits).toBe(0);
  });

  it("http:// is refused for anything not opted in, and always in production", async () => {
    noAllowList();
    expect(outboundUrlProblem("http://partner.example/hook")).toMatch(/https/);
    vi.stubEnv("TRUSTGATE_OUTBOUND_ALLOW", `127.0.0.1:${internalPort}`);
    expect(outboundUrlProblem(`http://127.0.0.1:${internalPort}/`)).toBeNull();
    vi.stubEnv("NODE_ENV", "production");
    expect(outboundUrlProblem(`http://127.0.0.1:${internalPort}/`)).toMatch(/https:\/\/ in production/);
    expect(await categoryOf(call(`http://127.0.0.1:${internalPort}/`))).toBe("refused");
    expect(internalHits).toBe(0);
  });

  it("a public name that resolves to an internal address is refused at connect time", async () => {
    noAllowList();
    for (const answer of [["127.0.0.1"], ["::1"], ["10.1.2.3"], ["169.254.169.254"], ["::ffff:127.0.0.1"], ["8.8.8.8", "127.0.0.1"]]) {
      const resolver: Resolver = async () => answer.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
      expect(outboundUrlProblem(`https://partner.example:${internalPort}/hook`)).toBeNull(); // passes when set…
      expect(await categoryOf(call(`https://partner.example:${internalPort}/hook`, resolver))).toBe("refused"); // …not when called
    }
    expect(internalHits).toBe(0);
  });

  it("ssrf-dns-rebinding: a DNS answer that changes between check and connect cannot redirect the connection", async () => {
    noAllowList();
    // The name passed every earlier check (set time, a previous send) with a public answer; now it
    // answers loopback. The socket's own lookup is the check, so the new answer is what gets refused.
    let lookups = 0;
    const rebinding: Resolver = async () => (++lookups === 1 ? [{ address: "8.8.8.8", family: 4 }] : [{ address: "127.0.0.1", family: 4 }]);
    expect(outboundUrlProblem(`http://rebind.example:${internalPort}/`)).not.toBeNull(); // http: never for a public name
    // First call: checked 8.8.8.8 and connected to exactly that (unreachable here: no internet).
    expect(await categoryOf(outboundFetch(`https://rebind.example:${internalPort}/`, {}, { timeoutMs: 1000, maxBytes: 1024, resolver: rebinding }))).toMatch(/^(connect_failed|timeout)$/);
    expect(lookups).toBe(1); // one answer, checked and used: no second lookup for the connection
    // Second call: the answer is now loopback, and the connection is refused before it is made.
    expect(await categoryOf(outboundFetch(`https://rebind.example:${internalPort}/`, {}, { timeoutMs: 1000, maxBytes: 1024, resolver: rebinding }))).toBe("refused");
    expect(lookups).toBe(2);
    expect(internalHits).toBe(0);
  });

  it("a redirect to an internal address is not followed", async () => {
    vi.stubEnv("TRUSTGATE_OUTBOUND_ALLOW", `127.0.0.1:${redirectorPort}`);
    expect(await categoryOf(call(`http://127.0.0.1:${redirectorPort}/hook`))).toBe("http_302");
    expect(internalHits).toBe(0);
  });

  it("TRUSTGATE_OUTBOUND_ALLOW opts in exactly what it names: host:port, a host, a CIDR", async () => {
    const url = `http://localhost:${internalPort}/`;
    vi.stubEnv("TRUSTGATE_OUTBOUND_ALLOW", `localhost:${internalPort + 1}`);
    expect(await categoryOf(call(url))).toBe("refused"); // another port
    vi.stubEnv("TRUSTGATE_OUTBOUND_ALLOW", `localhost:${internalPort}`);
    expect(await categoryOf(call(url))).toBe("http_500");
    vi.stubEnv("TRUSTGATE_OUTBOUND_ALLOW", "10.0.0.0/8, 127.0.0.0/8");
    expect(await categoryOf(call(`http://127.0.0.1:${internalPort}/`))).toBe("http_500");
    expect(internalHits).toBe(2);
    vi.stubEnv("TRUSTGATE_OUTBOUND_ALLOW", "not a host!");
    await expect(call(url)).rejects.toThrow(/TRUSTGATE_OUTBOUND_ALLOW/);
    internalHits = 0;
  });
});

describe("ssrf-partner-sees-categories-only", () => {
  it("the delivery log and resend show a category, never socket or TLS error text or an internal answer", async () => {
    const partner = await createTestClient();
    await setWebhookUrl(partner.client_id, "https://partner.example/hooks", { type: "cli" });
    const closedPort = await freePort();
    // Targets as a hostile partner would aim them (rows as if queued before a DNS change).
    const targets = {
      refused: "https://10.0.0.7/hooks",
      refusedName: `https://localhost:${internalPort}/hooks`,
      internalAnswer: `http://127.0.0.1:${internalPort}/hooks`,
      tls: `https://localhost:${untrustedPort}/hooks`,
      closed: `http://127.0.0.1:${closedPort}/hooks`,
      redirect: `http://127.0.0.1:${redirectorPort}/hooks`,
    };
    // The operator opted some loopback ports in (as for a receiver of its own); the others stay refused.
    vi.stubEnv("TRUSTGATE_OUTBOUND_ALLOW", `127.0.0.1:${internalPort},localhost:${untrustedPort},127.0.0.1:${closedPort},127.0.0.1:${redirectorPort}`);
    await db().webhookDelivery.createMany({
      data: Object.entries(targets).map(([name, url]) => ({ webhookId: crypto.randomUUID(), clientId: partner.client_id, url, kind: "webhook" as const, eventType: name, body: "{}", nextAttemptAt: new Date() })),
    });
    // And a row written before this release, with raw text and an internal answer.
    await db().webhookDelivery.create({
      data: {
        webhookId: crypto.randomUUID(),
        clientId: partner.client_id,
        url: "https://partner.example/old",
        kind: "webhook",
        eventType: "legacy",
        body: "{}",
        nextAttemptAt: new Date(Date.now() + 86_400_000),
        attempts: 1,
        lastError: "connect ECONNREFUSED 10.0.0.7:443",
        lastResponseStatus: null,
      },
    });
    await runDeliveryBatch();
    expect(internalHits).toBe(1); // the opted-in service answered its own call; the redirect into it was not followed

    const response = await listRoute(apiRequest("/v1/webhooks/deliveries?limit=20", { headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!) } }));
    const { data } = (await response.json()) as { data: { id: string; event_type: string; last_error: string | null; last_response_body: string | null; last_response_status: number | null }[] };
    const byName = Object.fromEntries(data.map((row) => [row.event_type, row]));
    expect(byName.refused!.last_error).toBe("refused");
    expect(byName.refusedName!.last_error).toBe("refused");
    expect(byName.internalAnswer).toMatchObject({ last_error: "http_500", last_response_status: 500, last_response_body: null });
    expect(byName.tls!.last_error).toBe("tls_failed");
    expect(byName.closed!.last_error).toBe("connect_failed");
    expect(byName.redirect).toMatchObject({ last_error: "http_302", last_response_body: null });
    expect(byName.legacy!.last_error).toBeNull();
    for (const row of data) if (row.last_error !== null) expect(row.last_error).toMatch(CATEGORIES);
    const visible = JSON.stringify(data);
    for (const leak of ["ECONNREFUSED", "certificate", "wrong version", "INTERNAL-SECRET", "self-signed", "10.0.0.7:443"]) expect(visible).not.toContain(leak);

    // Resend repeats the attempt on demand, and still shows only a category.
    const again = await resendRoute(apiRequest(`/v1/webhooks/deliveries/${byName.tls!.id}/resend`, { method: "POST", headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!) } }), {
      params: Promise.resolve({ id: byName.tls!.id }),
    });
    expect(again.status).toBe(200);
    await runDeliveryBatch();
    const row = await db().webhookDelivery.findUniqueOrThrow({ where: { id: byName.tls!.id } });
    expect(row.lastError).toBe("tls_failed");
    expect(row.lastResponseBody).toBeNull();
    // The audit trail of a failure carries the category too.
    internalHits = 0;
  });

  it("the customer API: an internal target is refused and the partner is told so without details", async () => {
    const partner = await createTestClient();
    noAllowList();
    await expect(updateTrustedAuth(partner.client_id, { enabled: true, customerApiUrl: "https://169.254.169.254/latest" }, { type: "cli" })).rejects.toThrow(/internal address/);
    const client = { customerApiUrl: "https://partner-api.example", customerApiHeaderName: null, customerApiHeaderValueEnc: null };
    const resolver: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];
    await expect(fetchCustomer(client, "42", { resolver })).rejects.toMatchObject({ code: "customer_api_unavailable", reason: "refused" });
    expect(internalHits).toBe(0);
  });
});
