// Once per API run: a migrated PGlite snapshot that every test file loads (≈1 s instead of ≈3 s
// for initdb plus migrations).
import fs from "node:fs";
import { migrate } from "@/lib/db/migrate";
import { servePGlite } from "./pglite";
import { SNAPSHOT_FILE, TMP } from "./paths";

export default async function setup(): Promise<void> {
  if (process.env.TRUSTGATE_TEST_DB === "postgres") return;
  fs.mkdirSync(TMP, { recursive: true });
  const served = await servePGlite();
  try {
    await migrate(served.url);
    await served.stopServing();
    const dump = await served.db.dumpDataDir("gzip");
    fs.writeFileSync(SNAPSHOT_FILE, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await served.close();
  }
}
