// The one way Trustgate calls a URL a partner gave it (webhooks, authenticator callbacks, the
// customer API, later back-channel logout). The host name is resolved inside the socket's own
// `lookup`, every address it resolves to is checked, and the socket connects to the address that
// was checked: no window for a DNS answer to change between check and connect (DNS rebinding).
// TLS still verifies the certificate against the host name (servername). No redirects are
// followed, one deadline covers connect, headers and body, and the body is read up to a cap.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { logger } from "@/lib/log/logger";
import { addressAllowed } from "./allow-list";
import { categoryOfNetworkError, OutboundError, type OutboundResponse } from "./errors";
import { parseIp, refusedAddressClass } from "./ip-ranges";
import { bareHostname, effectivePort, outboundUrlProblem, targetAllowed } from "./url-policy";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Host name → addresses. Tests inject one; the default asks the system resolver (as Node does). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Keep the first maxBytes of a longer answer instead of failing with too_large (delivery logs). */
  truncate?: boolean;
  resolver?: Resolver;
}

export interface OutboundInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

const systemResolver: Resolver = async (hostname) => (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));

/** Whether a connection to `address` on `port` is allowed: a public address, or one the operator opted in. */
function checkAddress(address: string, port: number, nameAllowed: boolean): { internal: boolean } {
  const refused = refusedAddressClass(address);
  if (!refused) return { internal: false };
  if (nameAllowed || addressAllowed(address, port)) return { internal: true };
  throw new OutboundError("refused", `address ${address} is ${refused}`);
}

function guardedLookup(resolver: Resolver, port: number, nameAllowed: boolean, onChecked: (internal: boolean) => void): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (error: Error | null, address: string | ResolvedAddress[], family?: number) => void) => {
    resolver(hostname)
      .then((addresses) => {
        if (!addresses.length) throw new OutboundError("connect_failed", `${hostname} has no address`);
        // Every answer must pass, not just the first: a mixed answer is how rebinding hides.
        const internal = addresses.map((entry) => checkAddress(entry.address, port, nameAllowed).internal).some(Boolean);
        onChecked(internal);
        // Only checked addresses are handed to the socket (all of them, for Happy Eyeballs).
        const chosen = addresses[0]!;
        if (options.all) callback(null, addresses);
        else callback(null, chosen.address, chosen.family);
      })
      .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ""));
  }) as LookupFunction;
}

/**
 * Calls `rawUrl` and answers `{status, headers, body, internal}` for a 2xx answer. Anything else
 * throws OutboundError with its category: refused (policy), timeout, connect_failed, tls_failed,
 * too_large or http_<status> (3xx included: redirects are never followed).
 */
export async function outboundFetch(rawUrl: string, init: OutboundInit, options: OutboundOptions): Promise<OutboundResponse> {
  const problem = outboundUrlProblem(rawUrl);
  if (problem) throw new OutboundError("refused", `URL ${problem}`);
  const url = new URL(rawUrl);
  const host = bareHostname(url);
  const port = effectivePort(url);
  const nameAllowed = targetAllowed(url);
  let internal = false;
  if (parseIp(host)) internal = checkAddress(host, port, nameAllowed).internal;

  const transport = url.protocol === "https:" ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const finish = (error: OutboundError | null, response?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        logger.info({ url: `${url.protocol}//${url.host}`, category: error.category, detail: error.detail }, "outbound call failed");
        reject(error);
      } else resolve(response!);
    };
    const request = transport.request(
      {
        protocol: url.protocol,
        hostname: host,
        port,
        path: `${url.pathname}${url.search}`,
        method: init.method ?? "GET",
        headers: { ...init.headers, ...(init.body !== undefined ? { "Content-Length": String(Buffer.byteLength(init.body)) } : {}) },
        agent: false,
        lookup: guardedLookup(options.resolver ?? systemResolver, port, nameAllowed, (checked) => (internal = checked)),
        ...(url.protocol === "https:" && !parseIp(host) ? { servername: host } : {}),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
        const declared = Number(headers["content-length"] ?? "0");
        if (declared > options.maxBytes && !options.truncate) {
          response.destroy();
          finish(new OutboundError("too_large", `Content-Length ${declared}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const body = Buffer.concat(chunks).subarray(0, options.maxBytes);
          const answer: OutboundResponse = { status, headers, body: new TextDecoder().decode(body), internal };
          if (status >= 200 && status < 300) finish(null, answer);
          else finish(new OutboundError(`http_${status}`, `HTTP ${status}`, answer));
        };
        response.on("data", (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > options.maxBytes) {
            if (!options.truncate) {
              response.destroy();
              finish(new OutboundError("too_large", `more than ${options.maxBytes} bytes`));
              return;
            }
            chunks.push(chunk);
            response.destroy();
            done();
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", done);
        response.on("error", (error) => finish(new OutboundError(categoryOfNetworkError(error), error.message)));
      },
    );
    const timer = setTimeout(() => {
      finish(new OutboundError("timeout", `no answer within ${options.timeoutMs} ms`));
      request.destroy();
    }, options.timeoutMs);
    request.on("error", (error) => {
      if (error instanceof OutboundError) finish(error);
      else finish(new OutboundError(categoryOfNetworkError(error), `${(error as NodeJS.ErrnoException).code ?? ""} ${error.message}`.trim()));
    });
    if (init.body !== undefined) request.write(init.body);
    request.end();
  });
}
