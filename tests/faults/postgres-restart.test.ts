// PostgreSQL restarted under a steady load of token grants, against a real Trustgate process: every
// failure is a clean 503 database_unavailable with Retry-After, the same process serves again once
// the database is back, and no refresh token is half-issued — each one a client received works
// exactly once, and the database holds no refresh token that no client received.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { sql } from "@/lib/db/client";
import { hashRefreshToken } from "@/lib/oauth/mint-refresh-token";
import { faultDatabase, postForm, until, type HttpAnswer } from "../support/faults";
import { createTestClient } from "../support/fixtures";
import { createTestUser, mintCode } from "../support/oauth-fixtures";
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";
import { startServer, type RunningServer } from "../support/server";
import { disconnectDb } from "@/lib/db";

const CHAINS = 4;
const CLIENT_CREDENTIALS_LOOPS = 4;

let cluster: PrivatePostgres;
let server: RunningServer;
let partner: CreatedClient;
let credentials: { id: string; secret: string };

beforeAll(async () => {
  if (!privatePostgresAvailable()) return;
  cluster = await startPrivatePostgres();
  const database = await faultDatabase(cluster, "tg_faults_restart");
  partner = await createTestClient();
  credentials = { id: partner.client_id, secret: partner.client_secret! };
  server = await startServer({ env: { ...database.env, TRUSTGATE_WEBHOOK_WORKER: "off" } });
});

afterAll(async () => {
  await server?.stop();
  await disconnectDb();
  await cluster?.destroy();
});

interface Tally {
  ok: number;
  unavailable: HttpAnswer[];
  unexpected: HttpAnswer[];
}

function isCleanUnavailable(answer: HttpAnswer): boolean {
  return answer.status === 503 && answer.body?.error === "database_unavailable" && typeof answer.body.error_description === "string" && Number(answer.retryAfter) >= 1;
}

describe.runIf(privatePostgresAvailable())("PostgreSQL restarted during token grants", () => {
  it("answers 503 + Retry-After while it is down, recovers without a restart, and half-issues no refresh token", async () => {
    // Each chain is one signed-in user refreshing over and over, keeping only what it received.
    const chains: { current: string; received: string[] }[] = [];
    for (let i = 0; i < CHAINS; i += 1) {
      const user = await createTestUser();
      const code = await mintCode(partner, user, { scope: "openid phone" });
      const redeemed = await postForm(server.url, "/v1/oauth/token", { grant_type: "authorization_code", code, redirect_uri: partner.redirect_uris[0]! }, credentials);
      expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
      const first = redeemed.body!.refresh_token as string;
      chains.push({ current: first, received: [first] });
    }

    const cc: Tally = { ok: 0, unavailable: [], unexpected: [] };
    const rt: Tally = { ok: 0, unavailable: [], unexpected: [] };
    let running = true;
    const tally = (into: Tally, answer: HttpAnswer) => {
      if (answer.status === 200) into.ok += 1;
      else if (isCleanUnavailable(answer)) into.unavailable.push(answer);
      else into.unexpected.push(answer);
    };
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    const loops = [
      ...Array.from({ length: CLIENT_CREDENTIALS_LOOPS }, async () => {
        while (running) {
          tally(cc, await postForm(server.url, "/v1/oauth/token", { grant_type: "client_credentials" }, credentials));
          await pause();
        }
      }),
      ...chains.map(async (chain) => {
        while (running) {
          const answer = await postForm(server.url, "/v1/oauth/token", { grant_type: "refresh_token", refresh_token: chain.current }, credentials);
          tally(rt, answer);
          // A 503 leaves the presented token as it was: the client retries it later.
          if (answer.status === 200) {
            chain.current = answer.body!.refresh_token as string;
            chain.received.push(chain.current);
          } else if (answer.status !== 503) {
            return; // recorded as unexpected; this chain stops
          }
          await pause();
        }
      }),
    ];

    await until(() => cc.ok >= 20 && rt.ok >= 20, "steady load before the fault");
    await cluster.stop();
    await until(() => cc.unavailable.length >= 5 && rt.unavailable.length >= 5, "requests answered while the database is down", 30_000);
    // Liveness and readiness while PostgreSQL is down: alive (no restart for a database outage), not ready.
    const probeStarted = Date.now();
    const live = await fetch(`${server.url}/healthz`);
    const liveMs = Date.now() - probeStarted;
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { database: string } }).checks.database).not.toBe("ok");
    console.log(`database down: /healthz 200 in ${liveMs} ms, /readyz ${ready.status}`);
    const okBeforeRecovery = { cc: cc.ok, rt: rt.ok };
    await cluster.start();
    await until(() => cc.ok >= okBeforeRecovery.cc + 20 && rt.ok >= okBeforeRecovery.rt + 20, "the same process serving again", 60_000);
    running = false;
    await Promise.all(loops);

    // Clean failures only: no 500, no dropped connection, no other error code.
    expect(cc.unexpected.concat(rt.unexpected)).toEqual([]);
    expect(server.process.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    // Nothing half-issued: the refresh tokens in the database are exactly those clients received,
    // and only each chain's last one is still usable.
    const received = chains.flatMap((chain) => chain.received);
    const rows = await sql<{ token_hash: string; usable: boolean }>(`SELECT token_hash, (rotated_at IS NULL AND revoked_at IS NULL) AS usable FROM refresh_tokens WHERE client_id = $1`, [partner.client_id]);
    expect(rows.map((row) => row.token_hash).sort()).toEqual(received.map(hashRefreshToken).sort());
    expect(
      rows
        .filter((row) => row.usable)
        .map((row) => row.token_hash)
        .sort(),
    ).toEqual(chains.map((chain) => hashRefreshToken(chain.current)).sort());

    // …and each of those works exactly once.
    for (const chain of chains) {
      const once = await postForm(server.url, "/v1/oauth/token", { grant_type: "refresh_token", refresh_token: chain.current }, credentials);
      expect(once.status).toBe(200);
      const twice = await postForm(server.url, "/v1/oauth/token", { grant_type: "refresh_token", refresh_token: chain.current }, credentials);
      expect(twice).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    }
    console.log(`postgres-restart: client_credentials ${cc.ok} ok / ${cc.unavailable.length} × 503; refresh_token ${rt.ok} ok / ${rt.unavailable.length} × 503; ${received.length} refresh tokens received, ${rows.length} stored`);
  });
});
