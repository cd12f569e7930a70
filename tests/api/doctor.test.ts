// trustgate doctor's checks against real endpoints: a Twilio-compatible HTTP server that knows one
// account (the check reads the account, it never sends), and partner URLs that answer or not.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runDoctor, type DoctorReport } from "@/lib/doctor/run-doctor";
import { createTestClient } from "../support/fixtures";

const SID = `AC${"0123456789abcdef".repeat(2)}`;
const TOKEN = "twilio-auth-token";
let twilio: http.Server;
let twilioUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  twilio = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const ok = req.headers.authorization === `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`;
    res.writeHead(ok ? 200 : 401, { "Content-Type": "application/json" });
    res.end(JSON.stringify(ok ? { sid: SID, status: "active" } : { code: 20003, message: "Authenticate" }));
  });
  await new Promise<void>((resolve) => twilio.listen(0, "127.0.0.1", resolve));
  twilioUrl = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => twilio.close(resolve));
});

const verdicts = (report: DoctorReport) => Object.fromEntries(report.checks.map((check) => [check.name, check.verdict]));

function withEnv<T>(env: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
  return run().finally(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}

describe("trustgate doctor", () => {
  it("passes with valid Twilio credentials, reading the account and sending nothing; redacts secrets", async () => {
    const report = await withEnv({ SMS_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: "+14155550100", TWILIO_API_BASE_URL: twilioUrl }, () => runDoctor({ mode: "postgres", viaServer: false }));
    expect(verdicts(report)).toEqual({ environment: "ok", database: "ok", "signing keys": "ok", "sms provider": "ok", outbound: "ok" });
    expect(report.ok).toBe(true);
    expect(seen).toEqual([`GET /2010-04-01/Accounts/${SID}.json`]);
    expect(report.configuration.find((entry) => entry.name === "TWILIO_AUTH_TOKEN")?.value).toBe(`[redacted, ${TOKEN.length} characters]`);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
    expect(JSON.stringify(report)).not.toContain(process.env.TRUSTGATE_SECRET);
  });

  it("fails on credentials Twilio refuses, on missing ones, and on an invalid variable, naming it", async () => {
    const refused = await withEnv({ SMS_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: "wrong", TWILIO_FROM: "+14155550100", TWILIO_API_BASE_URL: twilioUrl }, () =>
      runDoctor({ mode: "postgres", viaServer: false }),
    );
    expect(refused.checks.find((check) => check.name === "sms provider")).toMatchObject({ verdict: "fail", detail: "twilio refuses the credentials (HTTP 401)" });
    expect(refused.ok).toBe(false);
    const missing = await withEnv({ SMS_PROVIDER: "twilio", TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined, TWILIO_FROM: undefined }, () => runDoctor({ mode: "postgres", viaServer: false }));
    expect(missing.checks.find((check) => check.name === "sms provider")?.detail).toMatch(/set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/);
    const invalid = await withEnv({ TRUSTGATE_DB_POOL_SIZE: "lots", SMS_PROVIDER: "outbox" }, () => runDoctor({ mode: "postgres", viaServer: false }));
    expect(invalid.checks.find((check) => check.name === "environment")).toMatchObject({ verdict: "fail", detail: 'TRUSTGATE_DB_POOL_SIZE must be a whole number from 1 to 1000, got "lots"' });
  });

  it("warns about partner URLs that do not answer, naming the client and the cause", async () => {
    const partner = await createTestClient();
    const dead = http.createServer();
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/hooks`;
    await new Promise((resolve) => dead.close(resolve));
    await db().client.update({ where: { id: partner.client_id }, data: { webhookUrl: deadUrl, customerApiUrl: `${twilioUrl}/customers` } });
    const report = await withEnv({ SMS_PROVIDER: "outbox" }, () => runDoctor({ mode: "postgres", viaServer: false }));
    const outbound = report.checks.find((check) => check.name === "outbound")!;
    expect(outbound.verdict).toBe("warn");
    expect(outbound.detail).toContain(`1/2 partner URLs answer; webhook of ${partner.client_id} (${deadUrl}): connect_failed`);
  });
});
