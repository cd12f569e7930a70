// npm run bench:session — what checking the end-user session row costs per request (issue 15):
// resolveSession() — the one reader every page, route handler and server action goes through
// (lib/sessions/current-session.ts) — called N times in a row on a scratch PostgreSQL database
// (BENCH_DATABASE_URL / TEST_DATABASE_URL / the local server), for a live session, an unknown
// token and a revoked one. Prints wall and CPU time of this process per check (the database's own
// CPU is not in it; one round trip per check, and an UPDATE of last_seen_at at most once a minute).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createPostgresDatabase } from "@/tests/support/postgres";

const CHECKS = Number(process.env.BENCH_SESSION_CHECKS ?? 5_000);
const WARMUP = 500;

async function main(): Promise<void> {
  const database = await createPostgresDatabase("tg_bench_session", process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
  process.env.DATABASE_URL = database.url;
  try {
    const { migrate } = await import("@/lib/db/migrate");
    await migrate(database.url);
    const { sql, disconnectDb } = await import("@/lib/db");
    const { createSession, endSessionByToken, resolveSession } = await import("@/lib/sessions/session");
    const userId = randomUUID();
    await sql(`INSERT INTO users (id, phone, status, created_at, updated_at) VALUES ($1::uuid, '+14155550100', 'approved', now(), now())`, [userId]);
    const live = await createSession({ userId, phone: "+14155550100", authMethod: "sms_otp", authTime: Math.floor(Date.now() / 1000) });
    const revoked = await createSession({ userId, phone: "+14155550100", authMethod: "sms_otp", authTime: Math.floor(Date.now() / 1000) });
    await endSessionByToken(revoked.token, "bench");
    const cases: [string, string][] = [
      ["live session", live.token],
      ["unknown token", "x".repeat(43)],
      ["revoked session", revoked.token],
    ];
    console.log(`resolveSession() × ${CHECKS} after ${WARMUP} warm-up, PostgreSQL, one process, sequential:\n`);
    console.log("| session | wall µs/check | CPU µs/check (this process) |\n| --- | ---: | ---: |");
    for (const [name, token] of cases) {
      for (let i = 0; i < WARMUP; i++) await resolveSession(token);
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < CHECKS; i++) {
        const result = await resolveSession(token);
        if (name === "live session" && !("session" in result)) throw new Error(`live session refused: ${JSON.stringify(result)}`);
      }
      const wall = ((performance.now() - started) * 1000) / CHECKS;
      const used = process.cpuUsage(cpu);
      console.log(`| ${name} | ${wall.toFixed(0)} | ${((used.user + used.system) / CHECKS).toFixed(0)} |`);
    }
    await disconnectDb();
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
