import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TMP = path.join(ROOT, ".tmp");
export const SNAPSHOT_FILE = path.join(TMP, "test-db-snapshot.tar.gz");
export const TEST_SECRET = "test-secret-test-secret-test-secret-0123456789";
