// A partner's webhook endpoint on this machine: records every delivery exactly as received and
// answers what the test scripts (e.g. 500 three times, then 200). HTTPS with a throwaway
// self-signed certificate for servers that run in production mode.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export interface ReceivedDelivery {
  rawBody: string;
  headers: http.IncomingHttpHeaders;
  signature: string;
  webhookId: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** What to answer the next delivery (called with the number received so far, this one included). */
  respond: (count: number) => { status: number; body?: string };
  close(): Promise<void>;
}

export interface TlsFiles {
  certFile: string;
  key: Buffer;
  cert: Buffer;
}

/** A self-signed certificate for localhost (openssl); pass certFile as NODE_EXTRA_CA_CERTS to trust it. */
export function localhostCertificate(): TlsFiles {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tg-tls-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
    { stdio: "ignore" },
  );
  return { certFile, key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) };
}

export async function startWebhookReceiver(options: { tls?: TlsFiles; host?: string } = {}): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const receiver: WebhookReceiver = { url: "", received, respond: () => ({ status: 200, body: "ok" }), close: async () => {} };
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        rawBody: Buffer.concat(chunks).toString("utf8"),
        headers: req.headers,
        signature: String(req.headers["trustgate-signature"] ?? ""),
        webhookId: String(req.headers["trustgate-webhook-id"] ?? ""),
      });
      const answer = receiver.respond(received.length);
      res.writeHead(answer.status, { "Content-Type": "text/plain" });
      res.end(answer.body ?? "");
    });
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `${options.tls ? "https" : "http"}://${options.tls ? "localhost" : host}:${port}/hooks/trustgate`;
  receiver.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
