// LISTEN on a PostgreSQL channel over a dedicated connection (a pooled one cannot hold a LISTEN):
// the only connection lib/db opens besides the pool. `lost` is called at most once, when the
// connection drops after it was listening; never after close().
import pg from "pg";

export interface ChannelListener {
  close(): Promise<void>;
}

export async function listen(channel: string, handlers: { notification: (payload: string | undefined) => void; lost: () => void }): Promise<ChannelListener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Not a channel name: ${channel}`);
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5_000 });
  let live = false;
  const lost = () => {
    if (!live) return;
    live = false;
    handlers.lost();
    void client.end().catch(() => {});
  };
  client.on("error", lost);
  client.on("end", lost);
  client.on("notification", (message) => handlers.notification(message.payload));
  try {
    await client.connect();
    await client.query(`LISTEN ${channel}`);
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  live = true;
  return {
    async close() {
      live = false;
      await client.end().catch(() => {});
    },
  };
}
