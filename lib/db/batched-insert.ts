// Group insert: rows that concurrent requests insert into the same table while an earlier insert
// is still on its way to the database go out together, as one multi-row INSERT (one round trip,
// one commit) — the way PostgreSQL's own group commit shares a WAL flush. Nothing waits for a
// batch to fill: with nothing in flight a row is sent at once, so a lone request pays no extra
// latency; under load the next batch forms while the previous one runs.
//
// Each caller still learns the fate of its own row. A batch that fails is retried row by row, in
// arrival order, so one bad row (a constraint) fails only its own request; when the database is
// down, every row of the batch fails with that error, as a single insert would.
import { isDatabaseUnavailable } from "./errors";
import { sql } from "./client";

interface Pending {
  values: unknown[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface BatchedInsertOptions {
  /** Most rows per statement (PostgreSQL allows 65,535 parameters per statement). */
  maxRows?: number;
  /** Statements in flight at once before new rows wait to join the next batch (1: the biggest batches, measured best). */
  maxInFlight?: number;
}

export type BatchedInsert = (values: unknown[]) => Promise<void>;

/** `columns` are `name` or `name::cast`; `values` of each row in the same order. */
export function batchedInsert(table: string, columns: string[], options: BatchedInsertOptions = {}): BatchedInsert {
  const maxRows = options.maxRows ?? 64;
  const maxInFlight = options.maxInFlight ?? 1;
  const names = columns.map((column) => column.split("::")[0]).join(", ");
  const casts = columns.map((column) => (column.includes("::") ? `::${column.split("::")[1]}` : ""));
  const statement = (rows: number) => {
    const tuples: string[] = [];
    for (let row = 0; row < rows; row++) tuples.push(`(${casts.map((cast, i) => `$${row * casts.length + i + 1}${cast}`).join(", ")})`);
    return `INSERT INTO ${table} (${names}) VALUES ${tuples.join(", ")}`;
  };
  const queue: Pending[] = [];
  let inFlight = 0;

  async function send(batch: Pending[]): Promise<void> {
    try {
      await sql(
        statement(batch.length),
        batch.flatMap((row) => row.values),
      );
      for (const row of batch) row.resolve();
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error)) {
        for (const row of batch) row.reject(error);
        return;
      }
      // In arrival order, so of two rows that collide the earlier caller's wins.
      for (const row of batch) await send([row]);
    }
  }

  function pump(): void {
    while (inFlight < maxInFlight && queue.length) {
      const batch = queue.splice(0, maxRows);
      inFlight += 1;
      void send(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  return (values) => {
    if (values.length !== columns.length) return Promise.reject(new Error(`${table}: ${values.length} values for ${columns.length} columns`));
    return new Promise<void>((resolve, reject) => {
      queue.push({ values, resolve, reject });
      pump();
    });
  };
}
