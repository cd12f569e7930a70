// Bodies already in memory as plain bytes or text: the lean dispatch path (lib/server/http-server.ts)
// reads a request body before building its Request, and json() builds its Response from a string.
// Recorded here, the route code and the front skip re-reading them through web streams (measured
// in docs/benchmarks.md). The Request and Response stay standard: their own body streams are intact.
// On globalThis: the server front and Next's route bundles each load this module.
type RawBody = string | Uint8Array;

const globalForBodies = globalThis as unknown as { trustgateRawBodies?: WeakMap<Request | Response, RawBody> };

function bodies(): WeakMap<Request | Response, RawBody> {
  return (globalForBodies.trustgateRawBodies ??= new WeakMap());
}

export function attachRawBody<M extends Request | Response>(message: M, body: RawBody): M {
  bodies().set(message, body);
  return message;
}

export function rawBodyOf(message: Request | Response): RawBody | undefined {
  return globalForBodies.trustgateRawBodies?.get(message);
}
