// A misconfigured environment stops the start before anything opens, naming each variable and
// what it expects; `trustgate doctor` prints the effective configuration with secrets redacted.
import { describe, expect, it } from "vitest";
import { freePort, runCli, spawnServer, tempDataDir, waitForExit } from "../support/server";

describe("startup configuration check", () => {
  it("refuses to start on invalid variables, listing all of them", async () => {
    const child = spawnServer(await freePort(), tempDataDir(), { TRUSTGATE_METRICS_PORT: "metrics", SMS_PROVIDER: "twillio", TRUSTGATE_TRUST_PROXY: "yes" });
    let output = "";
    child.stderr!.on("data", (chunk) => (output += chunk));
    expect(await waitForExit(child)).toBe(1);
    expect(output).toContain("Trustgate cannot start: invalid configuration:");
    expect(output).toContain('TRUSTGATE_TRUST_PROXY must be "true" or "false", got "yes"');
    expect(output).toContain('SMS_PROVIDER must be "outbox" or "twilio", got "twillio"');
    expect(output).toContain('TRUSTGATE_METRICS_PORT must be a TCP port (1–65535), got "metrics"');
  });

  it("doctor prints the effective configuration without secrets and checks the database and keys", async () => {
    const token = "doctor-metrics-token-0123456789";
    const doctor = await runCli(["doctor"], { TRUSTGATE_DATA_DIR: tempDataDir(), TRUSTGATE_METRICS_TOKEN: token });
    expect(doctor.code, doctor.stderr).toBe(0);
    expect(doctor.stdout).toMatch(/TRUSTGATE_METRICS_TOKEN\s+\[redacted, 31 characters\]/);
    expect(doctor.stdout).toMatch(/TRUSTGATE_SECRET\s+\[redacted, \d+ characters\]/);
    expect(doctor.stdout).not.toContain(token);
    expect(doctor.stdout).toMatch(/ok {4}database\s+embedded .* migrations applied/);
    expect(doctor.stdout).toMatch(/ok {4}signing keys\s+active signing key \S+ decrypts with TRUSTGATE_SECRET/);
    expect(doctor.stdout).toMatch(/WARN {2}sms provider\s+outbox/);
  });
});
