// Every environment variable Trustgate reads, validated with zod when a process boots (the server,
// its workers, the webhook worker, `trustgate doctor`), so a typo stops the start with a message
// naming the variable and what it expects — instead of surfacing at the first request that reads it.
// The getters in settings.ts still read the environment lazily; this is the gate in front of them.
import { z } from "zod";
import { TRUSTGATE_SECRET_MIN_LENGTH } from "./limits";

const got = (value: unknown) => `got "${String(value)}"`;

function wholeNumber(min: number, max: number, what = `a whole number from ${min} to ${max}`) {
  return z.string().refine((raw) => /^\d+$/.test(raw.trim()) && Number(raw) >= min && Number(raw) <= max, { error: (issue) => `must be ${what}, ${got(issue.input)}` });
}

function oneOf(...values: string[]) {
  return z.string().refine((raw) => values.includes(raw.trim()), { error: (issue) => `must be ${values.map((value) => `"${value}"`).join(" or ")}, ${got(issue.input)}` });
}

function url(protocols: string[], extra?: (url: URL) => string | null) {
  return z.string().superRefine((raw, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      ctx.addIssue({ code: "custom", message: `must be a ${protocols.join(" or ")} URL, ${got(raw)}` });
      return;
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ""))) ctx.addIssue({ code: "custom", message: `must be a ${protocols.join(" or ")} URL, got the scheme "${parsed.protocol}"` });
    const problem = extra?.(parsed);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

const secret = (min: number) => z.string().refine((raw) => raw.trim().length >= min, { error: `must be at least ${min} characters (try: openssl rand -base64 32)` });

/** Name → rule. Values are strings; an empty string counts as unset (as everywhere in Trustgate). */
export const ENVIRONMENT = {
  NODE_ENV: oneOf("production", "development", "test"),
  PORT: wholeNumber(0, 65535, "a TCP port (0–65535)"),
  HOST: z.string().min(1),
  TRUSTGATE_URL: url(["http", "https"], (parsed) => (parsed.search || parsed.hash ? "must not have a query or fragment" : null)),
  DATABASE_URL: url(["postgres", "postgresql"]),
  TRUSTGATE_DATA_DIR: z.string().min(1),
  TRUSTGATE_SECRET: secret(TRUSTGATE_SECRET_MIN_LENGTH),
  TRUSTGATE_TRUST_PROXY: oneOf("true", "false"),
  TRUSTGATE_DB_POOL_SIZE: wholeNumber(1, 1000),
  SMS_PROVIDER: oneOf("outbox", "twilio"),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { error: (issue) => `must be a Twilio account SID (AC + 32 hex digits), ${got(issue.input)}` }),
  TWILIO_AUTH_TOKEN: z.string().min(1),
  TWILIO_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, { error: (issue) => `must be an E.164 phone number like +14155550100, ${got(issue.input)}` }),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, { error: (issue) => `must be a Twilio messaging service SID (MG + 32 hex digits), ${got(issue.input)}` }),
  TWILIO_API_BASE_URL: url(["http", "https"]),
  TRUSTGATE_ACCESS_TOKEN_TTL: wholeNumber(1, 2_147_483_647, "a positive whole number of seconds"),
  TRUSTGATE_REFRESH_TOKEN_TTL: wholeNumber(1, 2_147_483_647, "a positive whole number of seconds"),
  TRUSTGATE_WEBHOOK_WORKER: oneOf("on", "off"),
  TRUSTGATE_LOGIN_REQUEST_TTL_S: wholeNumber(1, 300),
  LOG_LEVEL: oneOf("fatal", "error", "warn", "info", "debug", "trace", "silent"),
  LOG_DESTINATION: oneOf("stdout", "stderr"),
  TRUSTGATE_WORKERS: z.string().refine((raw) => raw.trim() === "auto" || (/^\d+$/.test(raw.trim()) && Number(raw) >= 1 && Number(raw) <= 64), {
    error: (issue) => `must be "auto" or a whole number from 1 to 64, ${got(issue.input)}`,
  }),
  TRUSTGATE_CLIENT_CACHE: oneOf("on", "off"),
  TRUSTGATE_LEAN_DISPATCH: oneOf("on", "off"),
  TRUSTGATE_PRELOAD_ROUTES: oneOf("on", "off"),
  TRUSTGATE_METRICS_TOKEN: secret(16),
  TRUSTGATE_METRICS_PORT: wholeNumber(1, 65535, "a TCP port (1–65535)"),
  TRUSTGATE_SHUTDOWN_DELAY_MS: wholeNumber(0, 600_000, "a whole number of milliseconds from 0 to 600000"),
  TRUSTGATE_SHUTDOWN_TIMEOUT_MS: wholeNumber(0, 600_000, "a whole number of milliseconds from 0 to 600000"),
  TRUSTGATE_MIGRATIONS_DIR: z.string().min(1),
  NEXTAUTH_URL: url(["http", "https"]),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(["http", "https"]),
} as const;

export type EnvironmentName = keyof typeof ENVIRONMENT;

/** Variables whose value doctor never prints. DATABASE_URL is printed without its password. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(["TRUSTGATE_SECRET", "TWILIO_AUTH_TOKEN", "TRUSTGATE_METRICS_TOKEN"]);

const schema = z.object(Object.fromEntries(Object.entries(ENVIRONMENT).map(([name, rule]) => [name, rule.optional()])));

/** Every problem with the environment, one line each ("NAME must be …, got "…""); empty when all is well. */
export function environmentProblems(env: Record<string, string | undefined> = process.env): string[] {
  const present = Object.fromEntries(Object.keys(ENVIRONMENT).flatMap((name) => (env[name]?.trim() ? [[name, env[name]]] : [])));
  const problems: string[] = [];
  const result = schema.safeParse(present);
  if (!result.success) for (const issue of result.error.issues) problems.push(`${String(issue.path[0])} ${issue.message}`);
  const main = present.PORT ? Number(present.PORT) : 3000;
  if (present.TRUSTGATE_METRICS_PORT && Number(present.TRUSTGATE_METRICS_PORT) === main) problems.push("TRUSTGATE_METRICS_PORT must differ from PORT (use TRUSTGATE_METRICS_TOKEN to serve /metrics on the main port)");
  return problems;
}

export class InvalidEnvironment extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "InvalidEnvironment";
  }
}

/** Throws InvalidEnvironment listing every problem at once. */
export function assertValidEnvironment(env: Record<string, string | undefined> = process.env): void {
  const problems = environmentProblems(env);
  if (problems.length) throw new InvalidEnvironment(problems);
}

/** The value as doctor prints it: secrets redacted, the password of a database URL hidden. */
export function displayValue(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === "") return "(unset)";
  if (SECRET_VARIABLES.has(name)) return `[redacted, ${value.length} characters]`;
  if (name === "DATABASE_URL") {
    try {
      const parsed = new URL(value);
      if (parsed.password) parsed.password = "redacted";
      return parsed.toString();
    } catch {
      return "[unparsable]";
    }
  }
  return value;
}
