// Shared set-up for tests/faults: a migrated database on a private PostgreSQL cluster that this
// test process also uses (to create partners and users the way the CLI would), plus helpers that
// speak to spawned Trustgate processes over HTTP.
import http from "node:http";
import https from "node:https";
import { disconnectDb } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { forgetSigningKeys } from "@/lib/keys/signing-keys";
import { basicAuth } from "./fixtures";
import { TEST_SECRET } from "./paths";
import { createPostgresDatabase } from "./postgres";
import type { PrivatePostgres } from "./private-postgres";
import { freePort } from "./server";
import type { TlsFiles } from "./webhook-receiver";

/** A fresh migrated database on `cluster`; this process's `db()` now points at it. */
export async function faultDatabase(cluster: PrivatePostgres, prefix: string): Promise<{ url: string; env: Record<string, string> }> {
  const { url } = await createPostgresDatabase(prefix, cluster.adminUrl);
  await migrate(url);
  await disconnectDb();
  forgetSigningKeys();
  process.env.DATABASE_URL = url;
  process.env.TRUSTGATE_DB_MODE = "postgres";
  process.env.TRUSTGATE_SECRET = TEST_SECRET;
  return { url, env: { DATABASE_URL: url, TRUSTGATE_SECRET: TEST_SECRET } };
}

export interface HttpAnswer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown> | null;
  /** Set when the request itself failed (connection refused or reset by Trustgate). */
  transportError?: string;
}

/** POSTs a form to a Trustgate server with HTTP Basic client authentication. */
export async function postForm(baseUrl: string, path: string, form: Record<string, string>, credentials: { id: string; secret: string }): Promise<HttpAnswer> {
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth(credentials.id, credentials.secret) },
      body: new URLSearchParams(form),
    });
    const text = await response.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      body = { unparsed: text.slice(0, 200) };
    }
    return { status: response.status, retryAfter: response.headers.get("retry-after"), body };
  } catch (error) {
    return { status: 0, retryAfter: null, body: null, transportError: error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error) };
  }
}

/** Resolves once `condition` holds, checking every `everyMs`; rejects after `timeoutMs` with `what`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * A partner's receiver that dedupes by Trustgate-Webhook-Id, as the README tells partners to: a
 * repeated id is acknowledged without being processed again. It can go down (port closed) and come
 * back on the same port, or process a delivery and then lose the answer (connection reset).
 */
export interface DedupingReceiver {
  url: string;
  /** Webhook ids of every request that reached the receiver, in order (retries included). */
  arrivals: string[];
  /** How many times each webhook id was processed (1 for each, if dedupe works). */
  processed: Map<string, number>;
  /** Raw bodies by webhook id (first arrival). */
  bodies: Map<string, string>;
  /** Webhook ids that arrived again with a different body (must never happen). */
  conflicts: string[];
  mode: "answer" | "lose-answer";
  up(): Promise<void>;
  down(): Promise<void>;
}

/** With `tls` (see localhostCertificate) it listens on https://localhost, for production servers. */
export async function startDedupingReceiver(options: { tls?: TlsFiles } = {}): Promise<DedupingReceiver> {
  const listenPort = await freePort();
  let server: http.Server | https.Server | null = null;
  const receiver: DedupingReceiver = {
    url: options.tls ? `https://localhost:${listenPort}/hooks/trustgate` : `http://127.0.0.1:${listenPort}/hooks/trustgate`,
    arrivals: [],
    processed: new Map(),
    bodies: new Map(),
    conflicts: [],
    mode: "answer",
    async up() {
      if (server) return;
      const handler: http.RequestListener = (req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
          const id = String(req.headers["trustgate-webhook-id"] ?? "");
          const body = Buffer.concat(chunks).toString("utf8");
          receiver.arrivals.push(id);
          if (!receiver.processed.has(id)) {
            receiver.processed.set(id, 1);
            receiver.bodies.set(id, body);
          } else if (receiver.bodies.get(id) !== body) {
            receiver.conflicts.push(id);
          }
          if (receiver.mode === "lose-answer") {
            req.socket.destroy(); // processed, but Trustgate never hears back
            return;
          }
          res.writeHead(200, { "Content-Type": "text/plain" });
          res.end("ok");
        });
      };
      server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once("error", reject);
        listening.listen(listenPort, "127.0.0.1", () => resolve());
      });
    },
    async down() {
      const closing = server;
      server = null;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
  return receiver;
}
