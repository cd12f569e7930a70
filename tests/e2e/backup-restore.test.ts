// The restore drill: tokens, users, intents and webhooks exist; a backup is taken through the
// running server while partners keep asking for tokens; the data directory is wiped; the backup is
// restored into an empty one; and everything issued before the snapshot still works — access tokens
// verify and introspect (the signing key decrypts with the restored secret), refresh tokens rotate
// (and a rotated one is still refused), the partner's secret authenticates, and the webhook that was
// waiting in the outbox is delivered, signed with the restored webhook secret.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintWith } from "@/scripts/lib/bench-credentials";
import { basicAuth, validIntent } from "../support/fixtures";
import { loadVerifyWebhook } from "../support/readme-examples";
import { runCli, startServer, type RunningServer } from "../support/server";
import { localhostCertificate, startWebhookReceiver, type TlsFiles, type WebhookReceiver } from "../support/webhook-receiver";

let tls: TlsFiles;
let receiver: WebhookReceiver;
const cleanups: (() => Promise<void>)[] = [];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tg-backup-"));

beforeAll(async () => {
  tls = localhostCertificate();
  receiver = await startWebhookReceiver({ tls });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await receiver?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

async function post(base: string, pathname: string, auth: string, body: string, type = "application/x-www-form-urlencoded") {
  const response = await fetch(`${base}${pathname}`, { method: "POST", headers: { Authorization: auth, "Content-Type": type }, body });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
}

const kidOf = (jwt: string) => (JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString()) as { kid: string }).kid;

describe("backup and restore of the embedded database", () => {
  it("a snapshot taken under load restores into an empty data directory, and everything issued before it still works", async () => {
    // First life: deliveries stay in the outbox (no worker), as if the receiver were down.
    const first: RunningServer = await startServer({ env: { TRUSTGATE_WEBHOOK_WORKER: "off" } });
    cleanups.push(first.stop);
    const clientId = /Partner client_id:\s+(\S+)/.exec(first.output())![1]!;
    const clientSecret = /Partner client_secret:\s+(\S+)/.exec(first.output())![1]!;
    const partner = basicAuth(clientId, clientSecret);
    const env = { TRUSTGATE_DATA_DIR: first.dataDir, TRUSTGATE_URL: first.url };

    // The demo client's signing secret, printed once when it was seeded.
    const webhookSecret = /Partner signing_secret:\s+(\S+)/.exec(first.output())![1]!;
    const configured = await runCli(["client", "update", clientId, "--webhook-url", receiver.url, "--json"], env);
    expect(configured.code, configured.stderr).toBe(0);
    const intent = await post(first.url, "/v1/user_intent", partner, JSON.stringify(validIntent({ metadata: { drill: "restore" } })), "application/json");
    expect(intent.status).toBe(201);
    const intentId = String(intent.body.id);
    expect((await runCli(["intent", "set-status", intentId, "approved", "--reason", "checked"], env)).code).toBe(0);

    const partnerToken = await post(first.url, "/v1/oauth/token", partner, "grant_type=client_credentials");
    expect(partnerToken.status).toBe(200);
    const accessToken = String(partnerToken.body.access_token);
    // Users with refresh tokens and a user access token, minted through the running server's socket.
    const minted = await mintWith("scripts/lib/bench-mint.ts", ["--client-id", clientId, "--refresh-tokens", "5"], env);
    // One chain already rotated once: its first token is spent, its second is the live one.
    const spent = minted.refreshTokens[0]!;
    const rotated = await post(first.url, "/v1/oauth/token", partner, `grant_type=refresh_token&refresh_token=${spent}`);
    expect(rotated.status).toBe(200);
    const live = [String(rotated.body.refresh_token), ...minted.refreshTokens.slice(1)];

    // Backup through the running server while partners keep asking for tokens.
    let loading = true;
    const statuses: number[] = [];
    const load = (async () => {
      while (loading) statuses.push((await post(first.url, "/v1/oauth/token", partner, "grant_type=client_credentials")).status);
    })();
    const file = path.join(scratch, "trustgate.backup");
    const backup = await runCli(["backup", "--out", file, "--json"], env);
    loading = false;
    await load;
    expect(backup.code, backup.stderr).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ file, secretIncluded: true });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);

    // Wipe.
    await first.stop();
    fs.rmSync(first.dataDir, { recursive: true, force: true });

    // A non-empty directory is refused and left alone; a truncated file is refused.
    const occupied = fs.mkdtempSync(path.join(scratch, "occupied-"));
    fs.writeFileSync(path.join(occupied, "keep-me"), "x");
    const refused = await runCli(["restore", "--from", file], { TRUSTGATE_DATA_DIR: occupied });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty/);
    expect(fs.readdirSync(occupied)).toEqual(["keep-me"]);
    const cut = path.join(scratch, "cut.backup");
    const whole = zlib.gunzipSync(fs.readFileSync(file));
    fs.writeFileSync(cut, zlib.gzipSync(whole.subarray(0, whole.length - 200)));
    const truncated = await runCli(["restore", "--from", cut], { TRUSTGATE_DATA_DIR: path.join(scratch, "never") });
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/incomplete|checksum/);

    const restored = await runCli(["restore", "--from", file], { TRUSTGATE_DATA_DIR: first.dataDir });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/TRUSTGATE_SECRET was restored/);

    // Second life on the restored directory, same public URL (issuer), with its webhook worker.
    const second = await startServer({ dataDir: first.dataDir, env: { TRUSTGATE_URL: first.url, NODE_EXTRA_CA_CERTS: tls.certFile } });
    cleanups.push(second.stop);
    expect((await fetch(`${second.url}/readyz`)).status).toBe(200);

    // Access tokens issued before: introspect active; the user's token reads /v1/user.
    expect((await post(second.url, "/v1/oauth/introspect", partner, `token=${accessToken}`)).body).toMatchObject({ active: true, client_id: clientId });
    expect((await fetch(`${second.url}/v1/user`, { headers: { Authorization: `Bearer ${minted.userAccessToken}` } })).status).toBe(200);
    // The same signing key signs new tokens: it decrypted with the restored secret.
    const fresh = await post(second.url, "/v1/oauth/token", partner, "grant_type=client_credentials");
    expect(fresh.status).toBe(200);
    expect(kidOf(String(fresh.body.access_token))).toBe(kidOf(accessToken));
    // Every live refresh token rotates; the spent one is still refused as reuse.
    for (const token of live) expect((await post(second.url, "/v1/oauth/token", partner, `grant_type=refresh_token&refresh_token=${token}`)).status).toBe(200);
    expect((await post(second.url, "/v1/oauth/token", partner, `grant_type=refresh_token&refresh_token=${spent}`)).body).toMatchObject({ error: "invalid_grant" });
    // The intent, as the partner left it.
    const read = await fetch(`${second.url}/v1/user_intent/${intentId}`, { headers: { Authorization: partner } });
    expect(await read.json()).toMatchObject({ id: intentId, status: "approved" });

    // The outbox resumes: the webhook queued before the snapshot arrives, correctly signed.
    const deadline = Date.now() + 60_000;
    while (!receiver.received.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(JSON.parse(delivery!.rawBody)).toMatchObject({ webhook_type: "user_intent_updated", resource_id: intentId, metadata: { drill: "restore" } });
    expect(loadVerifyWebhook("verify-webhook")(delivery!.rawBody, delivery!.signature, webhookSecret)).toBe(true);
  }, 300_000);
});
