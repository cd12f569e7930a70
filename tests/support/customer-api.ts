// A partner's customer API, for real (node:http, or node:https with a throwaway self-signed
// certificate): Trustgate's trusted authentication calls GET /v1/customers/{customer_id}. Each
// test says how a customer id is answered; requests are recorded (path and headers).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type net from "node:net";
import os from "node:os";
import path from "node:path";

export type CustomerBehaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface CustomerApi {
  url: string;
  /** PEM file of the self-signed certificate (https only), for NODE_EXTRA_CA_CERTS. */
  caFile: string | null;
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  answer(customerId: string, behaviour: CustomerBehaviour): void;
  close(): Promise<void>;
}

/** Astra's "Example Client Response", with a fresh lastAuthenticationTime and the caller's phone. */
export function seedCustomer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customer_id: "123456",
    first_name: "Jane",
    last_name: "Doe",
    phone: "+15555551234",
    lastAuthenticationTime: new Date(Date.now() - 60_000).toISOString(),
    ...overrides,
  };
}

export const respond = {
  json:
    (body: unknown, status = 200): CustomerBehaviour =>
    (_req, res) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    },
  html: (): CustomerBehaviour => (_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end("<!doctype html><html><body><h1>Sign in</h1></body></html>");
  },
  /** A 10 MB JSON document, streamed without Content-Length (the cap must hold while reading). */
  huge: (): CustomerBehaviour => (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    res.write('{"customer_id":"123456","padding":"');
    const pump = () => {
      while (sent < 10 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      res.end('"}');
    };
    res.on("error", () => {});
    pump();
  },
  /** Accepts the connection and never answers. */
  hang: (): CustomerBehaviour => () => {},
  /** Sends the headers and a first byte, then never finishes the body. */
  trickle: (): CustomerBehaviour => (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.write("{");
  },
  status:
    (status: number): CustomerBehaviour =>
    (_req, res) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: "nope" }));
    },
  redirect:
    (location: string): CustomerBehaviour =>
    (_req, res) => {
      res.writeHead(302, { Location: location });
      res.end();
    },
};

function selfSignedCertificate(): { key: Buffer; cert: Buffer; certFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-customer-api-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", keyFile, "-out", certFile],
    { stdio: "ignore" },
  );
  return { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile), certFile };
}

export async function startCustomerApi(options: { https?: boolean } = {}): Promise<CustomerApi> {
  const behaviours = new Map<string, CustomerBehaviour>();
  const requests: CustomerApi["requests"] = [];
  const sockets = new Set<net.Socket>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    requests.push({ path: req.url ?? "", headers: req.headers });
    const match = /^\/v1\/customers\/([^/?]+)$/.exec(req.url ?? "");
    const behaviour = match ? behaviours.get(decodeURIComponent(match[1]!)) : undefined;
    if (!behaviour) return respond.status(404)(req, res);
    behaviour(req, res);
  };
  const tls = options.https ? selfSignedCertificate() : null;
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `${tls ? "https://localhost" : "http://127.0.0.1"}:${port}`,
    caFile: tls?.certFile ?? null,
    requests,
    answer: (customerId, behaviour) => void behaviours.set(customerId, behaviour),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
