// npm run bench:admin — the dashboard at scale: starts the production build on a fresh embedded
// database, seeds 100,000 users (a quarter pending), 20,000 user intents and 100,000 audit events,
// signs an admin in (password + TOTP, in Chromium), then times the dashboard pages: sequential
// requests on localhost, so the time is the server's (render + queries), and prints p50/p95.
// Needs `npm run build` first. BENCH_ADMIN_USERS and BENCH_ADMIN_REQUESTS change the sizes;
// BENCH_DATABASE_URL runs it on a scratch PostgreSQL database beside that URL instead.
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { adminSignIn, cookieHeader, serverDatabase } from "@/tests/support/admin-dashboard";
import { launchBrowser } from "@/tests/support/browser";
import { createPostgresDatabase } from "@/tests/support/postgres";
import { runCli, startServer } from "@/tests/support/server";

const USERS = Number(process.env.BENCH_ADMIN_USERS ?? 100_000);
const INTENTS = Math.round(USERS / 5);
const AUDIT_EVENTS = USERS;
const REQUESTS = Number(process.env.BENCH_ADMIN_REQUESTS ?? 30);
const WARMUP = 3;
const PASSWORD = "bench admin password 0123";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const postgres = process.env.BENCH_DATABASE_URL ? await createPostgresDatabase("tg_bench_admin", process.env.BENCH_DATABASE_URL) : null;
  const env: Record<string, string> = postgres ? { DATABASE_URL: postgres.url, TRUSTGATE_SECRET: randomBytes(32).toString("base64url") } : {};
  const server = await startServer({ env: { LOG_LEVEL: "warn", ...env } });
  const browser = await launchBrowser();
  const database = postgres ? new pg.Client({ connectionString: postgres.url }) : await serverDatabase(server.dataDir);
  if (postgres) await database.connect();
  try {
    const cli = (args: string[]) => runCli(args, { TRUSTGATE_DATA_DIR: server.dataDir, ...env });
    const client = JSON.parse((await cli(["client", "create", "--name", "Bench Partner", "--redirect-uri", "https://bench.example/cb", "--json"])).stdout) as { client_id: string };
    const created = await cli(["admin", "create", "--email", "bench@example.com", "--password", PASSWORD]);
    if (created.code !== 0) throw new Error(created.stderr);

    let started = performance.now();
    await database.query(
      `
      INSERT INTO users (id, phone, email, first_name, last_name, status, created_at, updated_at)
      SELECT gen_random_uuid(), '+1415' || lpad(g::text, 7, '0'), 'user' || g || '@bench.example', 'Bench', 'User ' || g,
             (CASE WHEN g % 4 = 0 THEN 'pending' WHEN g % 4 = 1 THEN 'approved' WHEN g % 4 = 2 THEN 'retry' ELSE 'document' END)::"UserStatus",
             now() - make_interval(secs => $1 - g), now()
      FROM generate_series(1, $1::int) AS g`,
      [USERS],
    );
    await database.query(
      `
      INSERT INTO user_intents (id, client_id, type, status, email, phone, first_name, last_name, created_at, updated_at)
      SELECT gen_random_uuid(), $2, 'personal', (CASE WHEN g % 2 = 0 THEN 'pending' ELSE 'approved' END)::"UserIntentStatus",
             'intent' || g || '@bench.example', '+1628' || lpad(g::text, 7, '0'), 'Intent', 'Person ' || g, now() - make_interval(secs => $1 - g), now()
      FROM generate_series(1, $1::int) AS g`,
      [INTENTS, client.client_id],
    );
    await database.query(
      `
      INSERT INTO audit_events (id, type, actor_type, actor_id, user_id, subject_id, data, created_at)
      SELECT gen_random_uuid(), 'user.updated', 'cli', NULL, u.id, u.id::text, '{"from":"pending","to":"retry","reason":"bench"}', u.created_at
      FROM (SELECT id, created_at FROM users ORDER BY created_at LIMIT $1) AS u`,
      [AUDIT_EVENTS],
    );
    // Every pending user has submitted something: the review queue's default view walks these.
    await database.query(
      `
      INSERT INTO verification_submissions (id, user_id, kind, client_id, data, created_at)
      SELECT gen_random_uuid(), id, (CASE WHEN (extract(epoch FROM created_at)::bigint % 3) = 0 THEN 'document' ELSE 'personal' END)::"VerificationKind", $1, '{}', created_at
      FROM users WHERE status = 'pending'`,
      [client.client_id],
    );
    await database.query("ANALYZE");
    console.log(`Seeded ${USERS} users, ${INTENTS} intents, ${AUDIT_EVENTS} audit events in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const someUser = (await database.query<{ id: string }>("SELECT id FROM users ORDER BY created_at LIMIT 1")).rows[0]!.id;
    const queries: [string, string, unknown[]][] = [
      ["pending users, first page", `SELECT id FROM users WHERE status = 'pending' ORDER BY created_at, id LIMIT 51`, []],
      ["pending users, exact count (not used)", `SELECT count(*) FROM users WHERE status = 'pending'`, []],
      ["pending users, capped count", `SELECT count(*) FROM (SELECT 1 FROM users WHERE status = 'pending' LIMIT 1001) AS q`, []],
      [
        "review queue (latest submission of pending users)",
        `SELECT s.id FROM verification_submissions s JOIN users u ON u.id = s.user_id WHERE u.status = 'pending' AND NOT EXISTS (SELECT 1 FROM verification_submissions n WHERE n.user_id = s.user_id AND (n.created_at, n.id) > (s.created_at, s.id)) ORDER BY s.created_at, s.id LIMIT 51`,
        [],
      ],
      ["search: phone suffix", `SELECT id FROM users WHERE reverse(phone) LIKE reverse('0012345') || '%' LIMIT 50`, []],
      ["search: last-name prefix", `SELECT id FROM users WHERE lower(last_name) LIKE 'user 12%' LIMIT 50`, []],
      ["a user's intents", `SELECT id FROM user_intents WHERE user_id = $1`, [someUser]],
      ["a user's status history", `SELECT id FROM audit_events WHERE user_id = $1 AND type = 'user.updated' ORDER BY created_at DESC, id DESC LIMIT 100`, [someUser]],
      ["audit log, first page", `SELECT id FROM audit_events ORDER BY created_at DESC, id DESC LIMIT 51`, []],
    ];
    console.log("Query execution times (EXPLAIN ANALYZE):");
    for (const [name, text, values] of queries) {
      const plan = await database.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) ${text}`, values);
      const lines = plan.rows.map((row) => row["QUERY PLAN"]);
      console.log(`  ${name}: ${lines.find((line) => line.startsWith("Execution Time"))} — ${lines[0]!.trim()}`);
    }

    const context = await browser.newContext();
    const page = await context.newPage();
    await adminSignIn(page, server.url, "bench@example.com", PASSWORD);
    const cookie = await cookieHeader(context, `${server.url}/admin`);
    const sample = (await database.query<{ id: string; phone: string }>("SELECT id, phone FROM users WHERE status = 'pending' ORDER BY created_at DESC LIMIT 1")).rows[0]!;
    const cursorPage = await fetch(`${server.url}/admin?show=all`, { headers: { Cookie: cookie } }).then((r) => r.text());
    const next = /users_after=([\w-]+)/.exec(cursorPage)?.[1];

    const targets = [
      { name: "review queue (/admin)", path: "/admin" },
      { name: "review queue, ID documents of one partner", path: `/admin?type=document&partner=${client.client_id}` },
      { name: "all pending users, page 2", path: `/admin?show=all&users_after=${next}` },
      { name: "search by phone", path: `/admin/search?q=${encodeURIComponent(sample.phone)}` },
      { name: "search by last digits of a phone", path: `/admin/search?q=${encodeURIComponent(sample.phone.slice(-6))}` },
      { name: "search by name prefix", path: `/admin/search?q=${encodeURIComponent("bench user 12")}` },
      { name: "search by email prefix", path: `/admin/search?q=${encodeURIComponent("user123@")}` },
      { name: "user detail", path: `/admin/users/${sample.id}` },
      { name: "audit log", path: "/admin/audit" },
      { name: "audit log, type+target filter", path: `/admin/audit?type=user.updated&target=${sample.id}` },
    ];
    const rows: string[] = [];
    for (const target of targets) {
      const times: number[] = [];
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        started = performance.now();
        const response = await fetch(`${server.url}${target.path}`, { headers: { Cookie: cookie }, redirect: "manual" });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${target.path} answered ${response.status}`);
        if (i >= WARMUP) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
      rows.push(`| ${target.name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${mean.toFixed(1)} |`);
    }
    console.log(`\nDashboard server time with ${USERS.toLocaleString("en-US")} users (${postgres ? "PostgreSQL" : "embedded database"}, ${REQUESTS} sequential requests each, ms)\n`);
    console.log("| page | p50 | p95 | mean |\n|---|---|---|---|\n" + rows.join("\n"));
  } finally {
    await database.end().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
    await postgres?.drop().catch(() => {});
  }
}

await main();
