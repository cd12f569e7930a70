// The boot-time configuration check: every problem at once, each naming its variable and what it
// expects; unset (or empty) variables take their defaults; doctor's display never shows secrets.
import { describe, expect, it } from "vitest";
import { displayValue, environmentProblems, ENVIRONMENT } from "@/lib/config/environment";

describe("environment check", () => {
  it("accepts an empty environment and a typical production one", () => {
    expect(environmentProblems({})).toEqual([]);
    expect(
      environmentProblems({
        NODE_ENV: "production",
        PORT: "8080",
        TRUSTGATE_URL: "https://login.example.com",
        DATABASE_URL: "postgresql://trustgate:pw@db:5432/trustgate",
        TRUSTGATE_SECRET: "x".repeat(44),
        TRUSTGATE_WORKERS: "auto",
        TRUSTGATE_METRICS_TOKEN: "a-long-enough-token",
        TRUSTGATE_METRICS_PORT: "9464",
        SMS_PROVIDER: "twilio",
        TWILIO_ACCOUNT_SID: `AC${"a".repeat(32)}`,
        TWILIO_FROM: "+14155550100",
        DATABASE_POOL_IGNORED: "not ours",
        TRUSTGATE_DATA_DIR: "",
      }),
    ).toEqual([]);
  });

  it("lists every problem, naming the variable, the expectation and the value", () => {
    expect(
      environmentProblems({
        PORT: "eighty",
        TRUSTGATE_URL: "https://login.example.com/?x=1",
        DATABASE_URL: "mysql://db/trustgate",
        TRUSTGATE_SECRET: "short",
        TRUSTGATE_WORKERS: "0",
        TRUSTGATE_WEBHOOK_WORKER: "no",
        TWILIO_FROM: "0155550100",
        TRUSTGATE_SHUTDOWN_TIMEOUT_MS: "-1",
      }),
    ).toEqual([
      'PORT must be a TCP port (0–65535), got "eighty"',
      "TRUSTGATE_URL must not have a query or fragment",
      'DATABASE_URL must be a postgres or postgresql URL, got the scheme "mysql:"',
      "TRUSTGATE_SECRET must be at least 32 characters (try: openssl rand -base64 32)",
      'TWILIO_FROM must be an E.164 phone number like +14155550100, got "0155550100"',
      'TRUSTGATE_WEBHOOK_WORKER must be "on" or "off", got "no"',
      'TRUSTGATE_WORKERS must be "auto" or a whole number from 1 to 64, got "0"',
      'TRUSTGATE_SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds from 0 to 600000, got "-1"',
    ]);
    expect(environmentProblems({ TRUSTGATE_PRELOAD_ROUTES: "lazy" })).toEqual(['TRUSTGATE_PRELOAD_ROUTES must be "on" or "off", got "lazy"']);
    expect(environmentProblems({ TRUSTGATE_PRELOAD_ROUTES: "off" })).toEqual([]);
    expect(environmentProblems({ PORT: "9000", TRUSTGATE_METRICS_PORT: "9000" })).toEqual([expect.stringMatching(/^TRUSTGATE_METRICS_PORT must differ from PORT/)]);
  });

  it("doctor shows secrets only as their length, and a database URL without its password", () => {
    expect(displayValue("TRUSTGATE_SECRET", "s".repeat(40))).toBe("[redacted, 40 characters]");
    expect(displayValue("TWILIO_AUTH_TOKEN", "tok")).toBe("[redacted, 3 characters]");
    expect(displayValue("TRUSTGATE_METRICS_TOKEN", "metrics-token-123")).toBe("[redacted, 17 characters]");
    expect(displayValue("DATABASE_URL", "postgresql://tg:hunter2@db:5432/tg")).toBe("postgresql://tg:redacted@db:5432/tg");
    expect(displayValue("PORT", undefined)).toBe("(unset)");
    expect(Object.keys(ENVIRONMENT)).toContain("TRUSTGATE_METRICS_TOKEN");
  });
});
