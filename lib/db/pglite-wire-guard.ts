// PGlite has one backend session; @electric-sql/pglite-socket shares it between connections and
// keeps other connections waiting only while one is inside a transaction. An extended-protocol
// query (Parse, Bind, Describe, Execute … Sync) is several messages, and the queue may run another
// connection's messages between them: that connection's Parse/Bind replace the unnamed statement
// and portal, and its Sync drops them, so the first query fails ("portal does not exist") or —
// worse — receives another query's rows. This guard makes an unfinished extended-protocol
// sequence hold the session exactly like an open transaction does.
import type { PGlite } from "@electric-sql/pglite";

// Frontend messages that continue a sequence; Sync ('S') or a simple Query ('Q') ends it.
const CONTINUES_SEQUENCE = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));

export function guardExtendedProtocol(db: PGlite): PGlite {
  let midSequence = false;
  return new Proxy(db, {
    get(target, property) {
      if (property === "isInTransaction") return () => midSequence || target.isInTransaction();
      if (property === "execProtocolRawStream") {
        return (message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
          midSequence = CONTINUES_SEQUENCE.has(message[0] ?? 0);
          return target.execProtocolRawStream(message, options);
        };
      }
      // The socket server calls exec("ROLLBACK") when a connection drops mid-transaction.
      if (property === "exec") {
        return (...args: Parameters<PGlite["exec"]>) => {
          midSequence = false;
          return target.exec(...args);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
