// The backup file: gzip'd lines. A header (JSON) naming the format, the migrations the snapshot's
// schema had, the tables and columns, and — for an embedded database whose secret was generated
// into its data directory — that TRUSTGATE_SECRET (without it the signing keys and other secrets
// in the snapshot cannot be decrypted). Then, per table, a `#table NAME` line followed by one row
// per line exactly as PostgreSQL's row_to_json wrote it (never re-parsed in JavaScript, so bigints,
// timestamps with microseconds and bytea keep their value). Last, `#end` with row counts and the
// SHA-256 of every line before it, so a truncated or altered file is refused.
export const BACKUP_FORMAT = "trustgate-backup";
export const BACKUP_VERSION = 1;
export const TABLE_PREFIX = "#table ";
export const END_PREFIX = "#end ";

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  created_at: string;
  /** Where the snapshot was taken: the embedded database or a PostgreSQL server. */
  source: "embedded" | "postgres";
  migrations: { name: string; checksum: string }[];
  tables: { name: string; columns: string[] }[];
  /** The embedded database's generated TRUSTGATE_SECRET; null when the operator sets it (keep it with the backup). */
  secret: string | null;
}

export interface BackupTrailer {
  rows: Record<string, number>;
  sha256: string;
}
