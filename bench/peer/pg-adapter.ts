// A PostgreSQL adapter for node-oidc-provider, the way people write them (compare the Sequelize,
// Knex and Prisma adapters in the provider's ecosystem): one table keyed by (model, id), the
// payload as JSONB, the few lookup columns the adapter interface needs. Bench peer only.
import pg from "pg";

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS oidc_models (
  model       text NOT NULL,
  id          text NOT NULL,
  payload     jsonb NOT NULL,
  grant_id    text,
  user_code   text,
  uid         text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX IF NOT EXISTS oidc_models_grant_id ON oidc_models (grant_id);
CREATE INDEX IF NOT EXISTS oidc_models_user_code ON oidc_models (user_code);
CREATE INDEX IF NOT EXISTS oidc_models_uid ON oidc_models (uid);
CREATE TABLE IF NOT EXISTS accounts (id text PRIMARY KEY, phone text NOT NULL);
`;

type Payload = Record<string, unknown> & { grantId?: string; userCode?: string; uid?: string; consumed?: unknown };

export interface Row {
  model: string;
  id: string;
  payload: Payload;
  expiresAt: Date | null;
}

let pool: pg.Pool | null = null;
/** While set, upserts are collected here instead of written (bulk minting before a run). */
let buffer: Row[] | null = null;

export function connect(url: string, max: number): pg.Pool {
  pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {});
  return pool;
}

function db(): pg.Pool {
  if (!pool) throw new Error("adapter not connected");
  return pool;
}

export function startBuffering(): void {
  buffer = [];
}

/** Writes what was buffered in multi-row INSERTs and stops buffering. */
export async function flushBuffer(): Promise<number> {
  const rows = buffer ?? [];
  buffer = null;
  const BATCH = 1_000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    const values: unknown[] = [];
    const tuples = slice.map((row, j) => {
      values.push(row.model, row.id, JSON.stringify(row.payload), row.payload.grantId ?? null, row.expiresAt);
      const b = j * 5;
      return `($${b + 1}, $${b + 2}, $${b + 3}::jsonb, $${b + 4}, $${b + 5}::timestamptz)`;
    });
    await db().query(`INSERT INTO oidc_models (model, id, payload, grant_id, expires_at) VALUES ${tuples.join(", ")}`, values);
  }
  return rows.length;
}

export class PgAdapter {
  constructor(private readonly model: string) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
    if (buffer) {
      buffer.push({ model: this.model, id, payload, expiresAt });
      return;
    }
    await db().query(
      `INSERT INTO oidc_models (model, id, payload, grant_id, user_code, uid, expires_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
       ON CONFLICT (model, id) DO UPDATE
         SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code,
             uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
      [this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.userCode ?? null, payload.uid ?? null, expiresAt],
    );
  }

  private async findWhere(column: "id" | "user_code" | "uid", value: string): Promise<Payload | undefined> {
    const { rows } = await db().query<{ payload: Payload; consumed_at: Date | null }>(
      `SELECT payload, consumed_at FROM oidc_models
        WHERE model = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > now())`,
      [this.model, value],
    );
    const row = rows[0];
    if (!row) return undefined;
    return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
  }

  find(id: string): Promise<Payload | undefined> {
    return this.findWhere("id", id);
  }

  findByUserCode(userCode: string): Promise<Payload | undefined> {
    return this.findWhere("user_code", userCode);
  }

  findByUid(uid: string): Promise<Payload | undefined> {
    return this.findWhere("uid", uid);
  }

  async consume(id: string): Promise<void> {
    await db().query(`UPDATE oidc_models SET consumed_at = now() WHERE model = $1 AND id = $2`, [this.model, id]);
  }

  async destroy(id: string): Promise<void> {
    await db().query(`DELETE FROM oidc_models WHERE model = $1 AND id = $2`, [this.model, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await db().query(`DELETE FROM oidc_models WHERE grant_id = $1`, [grantId]);
  }
}

/** findAccount: the user store lookup a real deployment makes (Trustgate's grants read the user too). */
export async function findAccountRow(id: string): Promise<{ id: string; phone: string } | undefined> {
  const { rows } = await db().query<{ id: string; phone: string }>(`SELECT id, phone FROM accounts WHERE id = $1`, [id]);
  return rows[0];
}

/** The account of a first sign-in (its login is the phone number the bench typed in). */
export async function findOrCreateAccountRow(id: string): Promise<{ id: string; phone: string }> {
  await db().query(`INSERT INTO accounts (id, phone) VALUES ($1, $1) ON CONFLICT DO NOTHING`, [id]);
  return (await findAccountRow(id))!;
}

export async function pingDatabase(): Promise<void> {
  await db().query("SELECT 1");
}

export async function insertAccounts(ids: string[]): Promise<void> {
  const BATCH = 1_000;
  for (let i = 0; i < ids.length; i += BATCH) {
    const slice = ids.slice(i, i + BATCH);
    await db().query(`INSERT INTO accounts (id, phone) SELECT id, '+1415555' || lpad(n::text, 4, '0') FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n) ON CONFLICT DO NOTHING`, [slice]);
  }
}
