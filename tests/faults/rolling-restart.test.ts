// A rolling restart under load: two instances on one PostgreSQL behind a load balancer that
// probes /readyz (as any load balancer or Kubernetes would) and passes a request that never
// reached an instance to the other. Each instance is restarted in turn (SIGTERM, drain, start
// again) while partners keep redeeming codes, rotating refresh tokens and asking for
// client_credentials tokens, people keep signing in through the hosted pages (over HTTP, no
// browser: phone → the code from the outbox → consent → the partner's code exchange), and webhooks
// keep being queued. Nothing may fail: every request gets the answer a working instance gives, every
// webhook is delivered (once processed by the deduping receiver), and every refresh token chain's
// newest token still rotates afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db, disconnectDb } from "@/lib/db";
import { createUserIntent } from "@/lib/intents/create-intent";
import { createUserIntentInput } from "@/lib/intents/schemas";
import { setUserIntentStatus } from "@/lib/intents/set-intent-status";
import { listOutboxMessages } from "@/lib/sms/outbox";
import { setWebhookUrl } from "@/lib/webhooks/configure";
import { faultDatabase, postForm, startDedupingReceiver, until, type DedupingReceiver, type HttpAnswer } from "../support/faults";
import { createTestClient, validIntent } from "../support/fixtures";
import { HttpSignInError, signInOverHttp } from "../support/http-sign-in";
import { startLoadBalancer, type LoadBalancer } from "../support/load-balancer";
import { createTestUser, mintCode } from "../support/oauth-fixtures";
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres";
import { startServer, type RunningServer } from "../support/server";
import { localhostCertificate } from "../support/webhook-receiver";

const CHAINS = 4;
/** People signing in at once through the hosted pages (each sign-in is ~10 requests, mostly pages). */
const SIGN_IN_LOOPS = 2;
const READY_PROBE_MS = 100;
// Longer than a few probe intervals: the balancer stops sending before the listener closes.
const SHUTDOWN_DELAY_MS = 1_000;

let cluster: PrivatePostgres;
let receiver: DedupingReceiver;
let balancer: LoadBalancer;
let partner: CreatedClient;
let serverEnv: Record<string, string>;
const servers = new Map<string, RunningServer>();

beforeAll(async () => {
  if (!privatePostgresAvailable()) return;
  cluster = await startPrivatePostgres();
  const database = await faultDatabase(cluster, "tg_faults_rolling");
  const tls = localhostCertificate();
  receiver = await startDedupingReceiver({ tls });
  await receiver.up();
  partner = await createTestClient();
  await setWebhookUrl(partner.client_id, receiver.url, { type: "cli" });
  balancer = await startLoadBalancer({ healthCheck: { path: "/readyz", intervalMs: READY_PROBE_MS }, retryUnsent: true });
  // Sign-in codes land in the outbox table (read below); each simulated person comes from their own
  // address (X-Forwarded-For from the balancer), so the per-IP SMS limits see many people, not one.
  serverEnv = {
    ...database.env,
    NODE_EXTRA_CA_CERTS: tls.certFile,
    TRUSTGATE_SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS),
    TRUSTGATE_URL: balancer.url,
    SMS_PROVIDER: "outbox",
    TRUSTGATE_TRUST_PROXY: "true",
  };
  const [a, b] = await Promise.all([startServer({ env: serverEnv }), startServer({ env: serverEnv })]);
  servers.set("a", a!).set("b", b!);
  balancer.instances.set("a", a!.port).set("b", b!.port);
}, 300_000);

afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.stop()));
  await balancer?.close();
  await receiver?.down();
  await disconnectDb();
  await cluster?.destroy();
});

interface Tally {
  requests: number;
  byGrant: Record<string, number>;
  failures: { grant: string; answer: HttpAnswer }[];
}

interface SignInTally {
  completed: number;
  requests: number;
  byStep: Record<string, number>;
  failures: { step: string; status: number; message: string }[];
}

const credentials = () => ({ id: partner.client_id, secret: partner.client_secret! });

async function grant(tally: Tally, form: Record<string, string>): Promise<HttpAnswer> {
  const answer = await postForm(balancer.url, "/v1/oauth/token", form, credentials());
  tally.requests += 1;
  tally.byGrant[form.grant_type!] = (tally.byGrant[form.grant_type!] ?? 0) + 1;
  if (answer.status !== 200) tally.failures.push({ grant: form.grant_type!, answer });
  return answer;
}

/** One partner's traffic: a code grant, then refresh rotations and client_credentials, until told to stop. */
async function chain(tally: Tally, stop: () => boolean): Promise<string> {
  const user = await createTestUser();
  const code = await mintCode(partner, user);
  const first = await grant(tally, { grant_type: "authorization_code", code, redirect_uri: partner.redirect_uris[0]! });
  let refreshToken = String(first.body?.refresh_token ?? "");
  while (!stop()) {
    const rotated = await grant(tally, { grant_type: "refresh_token", refresh_token: refreshToken });
    if (rotated.status === 200) refreshToken = String(rotated.body!.refresh_token);
    await grant(tally, { grant_type: "client_credentials" });
  }
  return refreshToken;
}

/** The code the outbox holds for `phone` (the SMS provider of these instances is the outbox table). */
async function outboxCode(phone: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const [message] = await listOutboxMessages({ to: phone, limit: 1 });
    const code = message ? /\b(\d{6})\b/.exec(message.body)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no code in the outbox for ${phone}`);
}

let people = 0;

/** One person after another signing in through the hosted pages, until told to stop. */
async function signIns(tally: SignInTally, stop: () => boolean): Promise<void> {
  while (!stop()) {
    const person = people++;
    try {
      const tokens = await signInOverHttp({
        baseUrl: balancer.url,
        client: { client_id: partner.client_id, client_secret: partner.client_secret!, redirect_uri: partner.redirect_uris[0]! },
        phone: `+1312557${String(1000 + person).padStart(4, "0")}`,
        codeFor: outboxCode,
        headers: { "X-Forwarded-For": `198.18.${Math.floor(person / 250)}.${(person % 250) + 1}` },
        onRequest: (step) => {
          tally.requests += 1;
          tally.byStep[step] = (tally.byStep[step] ?? 0) + 1;
        },
      });
      if (typeof tokens.id_token !== "string" || typeof tokens.refresh_token !== "string") throw new HttpSignInError("code exchange", 200, "no id_token or refresh_token");
      tally.completed += 1;
    } catch (error) {
      tally.failures.push(error instanceof HttpSignInError ? { step: error.step, status: error.status, message: error.message } : { step: "?", status: 0, message: String(error) });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Webhooks queued while the instances restart: an approved intent is a user_intent_updated event. */
async function queueWebhooks(stop: () => boolean): Promise<number> {
  let queued = 0;
  while (!stop()) {
    const input = createUserIntentInput.parse(validIntent({ phone: `+1312556${String(1000 + queued).padStart(4, "0")}` }));
    const intent = await createUserIntent(partner.client_id, input, { type: "client", id: partner.client_id });
    await setUserIntentStatus(intent.id, "approved", "reviewed", { type: "cli" });
    queued += 1;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return queued;
}

/** SIGTERM one instance, start its replacement, wait until the balancer sends it traffic again. */
async function restart(name: string): Promise<{ stopMs: number; startMs: number }> {
  const old = servers.get(name)!;
  const stopping = Date.now();
  await old.stop();
  const stopMs = Date.now() - stopping;
  const starting = Date.now();
  const fresh = await startServer({ env: serverEnv });
  servers.set(name, fresh);
  balancer.instances.set(name, fresh.port);
  const servedBefore = balancer.served.length;
  await until(() => balancer.served.slice(servedBefore).some((request) => request.instance === name && request.status === 200), `${name} back in rotation`, 60_000);
  return { stopMs, startMs: Date.now() - starting };
}

describe.runIf(privatePostgresAvailable())("rolling restart of two instances under load", () => {
  it("no failed request, no lost webhook, every refresh token chain still rotates", async () => {
    const tally: Tally = { requests: 0, byGrant: {}, failures: [] };
    const signInTally: SignInTally = { completed: 0, requests: 0, byStep: {}, failures: [] };
    let stopped = false;
    const stop = () => stopped;
    const chains = Array.from({ length: CHAINS }, () => chain(tally, stop));
    const signInLoops = Array.from({ length: SIGN_IN_LOOPS }, () => signIns(signInTally, stop));
    const webhooks = queueWebhooks(stop);
    // A failed sign-in ends the wait too: the assertions below then show what failed.
    await until(() => tally.requests > 50 && signInTally.completed + signInTally.failures.length >= 1, "load to start", 120_000);
    const signInsBefore = signInTally.completed;
    const restarts = { a: await restart("a"), b: await restart("b") };
    const signInsDuringRestarts = signInTally.completed - signInsBefore;
    stopped = true;
    const lastTokens = await Promise.all(chains);
    await Promise.all(signInLoops);
    const queued = await webhooks;

    // Every chain's newest refresh token rotates once more (on either instance).
    const final: Tally = { requests: 0, byGrant: {}, failures: [] };
    for (const token of lastTokens) expect((await grant(final, { grant_type: "refresh_token", refresh_token: token })).status).toBe(200);
    const revokedFamilies = await db().refreshToken.count({ where: { clientId: partner.client_id, revokedAt: { not: null } } });

    await until(async () => (await db().webhookDelivery.count({ where: { clientId: partner.client_id, status: { not: "succeeded" } } })) === 0, "the outbox to drain", 90_000, 200);
    const deliveries = await db().webhookDelivery.findMany({ where: { clientId: partner.client_id }, select: { webhookId: true, attempts: true } });
    const numbers = {
      requests: tally.requests,
      byGrant: tally.byGrant,
      failed: tally.failures.length,
      signIns: { completed: signInTally.completed, duringRestarts: signInsDuringRestarts, requests: signInTally.requests, byStep: signInTally.byStep, failed: signInTally.failures.length },
      passedToOtherInstance: balancer.retried,
      restarts,
      webhooksQueued: queued,
      webhooksDelivered: receiver.processed.size,
      webhookArrivals: receiver.arrivals.length,
      webhooksRetried: deliveries.filter((delivery) => delivery.attempts > 1).length,
      refreshChainsUsableAfter: `${lastTokens.length}/${CHAINS}`,
      revokedRefreshTokens: revokedFamilies,
    };
    console.log(`rolling restart: ${JSON.stringify(numbers)}`);

    expect(tally.failures).toEqual([]);
    expect(signInTally.failures).toEqual([]);
    expect(signInsDuringRestarts).toBeGreaterThan(0);
    expect(revokedFamilies).toBe(0);
    expect(deliveries).toHaveLength(queued);
    expect([...receiver.processed.keys()].sort()).toEqual(deliveries.map((delivery) => delivery.webhookId).sort());
    expect(receiver.conflicts).toEqual([]);
  }, 400_000);
});
