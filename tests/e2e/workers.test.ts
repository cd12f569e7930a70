// TRUSTGATE_WORKERS: several server processes on one port over one PostgreSQL; the embedded
// database keeps a single owner process and refuses the setting.
import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { basicAuth } from "../support/fixtures";
import { createPostgresDatabase, postgresAdminUrl } from "../support/postgres";
import { freePort, runCli, spawnServer, startServer, tempDataDir, waitForExit } from "../support/server";

const SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
const cleanups: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

/** Processes in the server's process group (the primary and its workers). */
function groupSize(pgid: number): number {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return Number(fields[2]) === pgid && /scripts\/serve\.ts/.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"));
      } catch {
        return false;
      }
    }).length;
}

describe("TRUSTGATE_WORKERS", () => {
  it("is refused on the embedded database, with a clear message", async () => {
    const child = spawnServer(await freePort(), tempDataDir(), { TRUSTGATE_WORKERS: "2" });
    let output = "";
    child.stderr!.on("data", (chunk) => (output += chunk));
    expect(await waitForExit(child)).toBe(1);
    expect(output).toMatch(/TRUSTGATE_WORKERS needs DATABASE_URL/);
  });

  it.runIf(postgresAdminUrl())("runs a primary and two workers that serve the same port and stop together", async () => {
    const database = await createPostgresDatabase("tg_e2e");
    cleanups.push(database.drop);
    const env = { DATABASE_URL: database.url, TRUSTGATE_SECRET: SECRET, TRUSTGATE_WORKERS: "2" };
    const server = await startServer({ env });
    cleanups.push(server.stop);
    // Healthy as soon as one worker listens; the primary announces once both do.
    for (let i = 0; i < 600 && !/2 worker processes/.test(server.output()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.output()).toMatch(/2 worker processes/);
    expect(groupSize(server.process.pid!)).toBe(3);

    const created = await runCli(["client", "create", "--name", "Workers", "--redirect-uri", "https://w.example/cb", "--json"], { DATABASE_URL: database.url, TRUSTGATE_SECRET: SECRET });
    const client = JSON.parse(created.stdout) as { client_id: string; client_secret: string };
    // Fresh connections, so the primary hands them to both workers.
    const statuses = await Promise.all(
      Array.from({ length: 8 }, () =>
        fetch(`${server.url}/v1/oauth/token`, {
          method: "POST",
          headers: { Authorization: basicAuth(client.client_id, client.client_secret), "Content-Type": "application/x-www-form-urlencoded", Connection: "close" },
          body: "grant_type=client_credentials",
        }).then((response) => response.status),
      ),
    );
    expect(statuses).toEqual(Array(8).fill(200));

    await server.stop();
    expect(groupSize(server.process.pid!)).toBe(0);
  });
});
