// `trustgate doctor`: the effective configuration (secrets redacted) and checks an operator would
// otherwise run by hand — environment, database and migrations, signing keys, SMS provider
// credentials, and whether the partner URLs Trustgate calls (webhooks, customer APIs) answer.
// Nothing is sent: Twilio is asked for the account (GET), partner URLs get a HEAD request.
import { activeSigningKey } from "@/lib/keys/signing-keys";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { db, sql } from "@/lib/db";
import { readMigrations } from "@/lib/db/migrate";
import { displayValue, ENVIRONMENT, environmentProblems } from "@/lib/config/environment";
import { isProduction } from "@/lib/config/settings";
import { OutboundError, outboundFetch } from "@/lib/outbound";
import { twilioConfigFromEnv } from "@/lib/sms/twilio-provider";

export type Verdict = "ok" | "warn" | "fail";

export interface DoctorCheck {
  name: string;
  verdict: Verdict;
  detail: string;
}

export interface DoctorReport {
  configuration: { name: string; value: string }[];
  checks: DoctorCheck[];
  ok: boolean;
}

const PROBE_TIMEOUT_MS = 5_000;

async function check(name: string, run: () => Promise<Omit<DoctorCheck, "name">>): Promise<DoctorCheck> {
  try {
    return { name, ...(await run()) };
  } catch (error) {
    return { name, verdict: "fail", detail: error instanceof Error ? error.message : String(error) };
  }
}

async function databaseCheck(mode: string, viaServer: boolean): Promise<Omit<DoctorCheck, "name">> {
  const started = Date.now();
  await sql("SELECT 1", []);
  const applied = new Set((await sql<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`, [])).map((row) => row.migration_name));
  const expected = readMigrations().map((migration) => migration.name);
  const missing = expected.filter((name) => !applied.has(name));
  const where = mode === "embedded" ? `embedded${viaServer ? " (through the running server)" : " (opened directly: no server runs)"}` : "PostgreSQL";
  return missing.length
    ? { verdict: "fail", detail: `${where}: ${missing.length} migration(s) not applied: ${missing.join(", ")}` }
    : { verdict: "ok", detail: `${where} answers in ${Date.now() - started} ms; ${expected.length}/${expected.length} migrations applied` };
}

async function keysCheck(): Promise<Omit<DoctorCheck, "name">> {
  const active = await activeSigningKey();
  const published = await db().signingKey.count({ where: { status: { in: ["active", "retired"] } } });
  // Other secrets encrypted with TRUSTGATE_SECRET: one webhook secret proves it opens those too.
  const withWebhookSecret = await db().client.findFirst({ where: { webhookSecretEnc: { not: null } }, select: { id: true, webhookSecretEnc: true } });
  if (withWebhookSecret?.webhookSecretEnc) decryptSecret(withWebhookSecret.webhookSecretEnc, "webhook-secret");
  return { verdict: "ok", detail: `active signing key ${active.kid} decrypts with TRUSTGATE_SECRET (${published} key(s) on record)${withWebhookSecret ? "; webhook secrets decrypt" : ""}` };
}

async function smsCheck(mode: string): Promise<Omit<DoctorCheck, "name">> {
  // As the server decides (scripts/serve.ts): the embedded database's demo mode defaults to the outbox.
  const configured = process.env.SMS_PROVIDER?.trim() || (mode === "embedded" || !isProduction() ? "outbox" : "twilio");
  if (configured === "outbox") return { verdict: "warn", detail: "outbox: sign-in codes are stored and shown at /dev/outbox, never sent (development and demo only)" };
  const missing = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"].filter((name) => !process.env[name]?.trim());
  if (!process.env.TWILIO_FROM?.trim() && !process.env.TWILIO_MESSAGING_SERVICE_SID?.trim()) missing.push("TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID");
  if (missing.length) return { verdict: "fail", detail: `twilio: set ${missing.join(", ")}` };
  const config = twilioConfigFromEnv();
  // Reads the account: proves the credentials and the route to Twilio without sending anything.
  const response = await fetch(`${config.apiBaseUrl}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}.json`, {
    headers: { Authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`, Accept: "application/json" },
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    redirect: "error",
  });
  await response.arrayBuffer().catch(() => {});
  if (response.status === 401 || response.status === 403) return { verdict: "fail", detail: `twilio refuses the credentials (HTTP ${response.status})` };
  if (!response.ok) return { verdict: "fail", detail: `twilio answered HTTP ${response.status} for the account` };
  return { verdict: "ok", detail: `twilio accepts the credentials of ${config.accountSid.slice(0, 6)}…; sender ${config.messagingServiceSid ? "messaging service" : config.from}` };
}

/** HEAD to every partner URL Trustgate calls; any HTTP answer means reachable. */
async function outboundCheck(): Promise<Omit<DoctorCheck, "name">> {
  const clients = await db().client.findMany({ where: { OR: [{ webhookUrl: { not: null } }, { customerApiUrl: { not: null } }] }, select: { id: true, webhookUrl: true, customerApiUrl: true } });
  const targets = clients.flatMap((client) => [
    ...(client.webhookUrl ? [{ what: `webhook of ${client.id}`, url: client.webhookUrl }] : []),
    ...(client.customerApiUrl ? [{ what: `customer API of ${client.id}`, url: client.customerApiUrl }] : []),
  ]);
  if (!targets.length) return { verdict: "ok", detail: "no partner URLs configured" };
  // Through lib/outbound, as real deliveries go: the same address policy (TRUSTGATE_OUTBOUND_ALLOW)
  // and the same failure categories. Any HTTP answer, even an error status, means reachable.
  const results = await Promise.all(
    targets.map(async (target) => {
      try {
        await outboundFetch(target.url, { method: "HEAD" }, { timeoutMs: PROBE_TIMEOUT_MS, maxBytes: 1024 });
        return { ...target, problem: null as string | null };
      } catch (error) {
        if (error instanceof OutboundError && error.category.startsWith("http_")) return { ...target, problem: null };
        return { ...target, problem: error instanceof OutboundError ? error.category : "connect_failed" };
      }
    }),
  );
  const unreachable = results.filter((result) => result.problem);
  const detail = `${results.length - unreachable.length}/${results.length} partner URLs answer${unreachable.map((result) => `; ${result.what} (${result.url}): ${result.problem}`).join("")}`;
  return { verdict: unreachable.length ? "warn" : "ok", detail };
}

export async function runDoctor(database: { mode: string; viaServer: boolean }): Promise<DoctorReport> {
  const configuration = Object.keys(ENVIRONMENT).map((name) => ({ name, value: displayValue(name, process.env[name]) }));
  const problems = environmentProblems();
  const checks: DoctorCheck[] = [
    { name: "environment", verdict: problems.length ? "fail" : "ok", detail: problems.length ? problems.join("; ") : `${Object.keys(ENVIRONMENT).length} variables checked` },
    await check("database", () => databaseCheck(database.mode, database.viaServer)),
    await check("signing keys", keysCheck),
    await check("sms provider", () => smsCheck(database.mode)),
    await check("outbound", outboundCheck),
  ];
  return { configuration, checks, ok: checks.every((entry) => entry.verdict !== "fail") };
}

export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.configuration.map((entry) => entry.name.length));
  const mark = { ok: "ok  ", warn: "WARN", fail: "FAIL" } as const;
  return [
    "Configuration (secrets redacted; unset = the default in README → Configuration):",
    ...report.configuration.map((entry) => `  ${entry.name.padEnd(width)}  ${entry.value}`),
    "",
    "Checks:",
    ...report.checks.map((entry) => `  ${mark[entry.verdict]}  ${entry.name.padEnd(13)} ${entry.detail}`),
    "",
    report.ok ? "No failures." : "Some checks FAILED.",
  ].join("\n");
}
