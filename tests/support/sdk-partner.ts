// A partner's web server on a second origin (another port of localhost — WebAuthn needs localhost,
// not 127.0.0.1): GET / serves the README's web SDK quickstart with its placeholders filled, and
// POST /signed-in is the partner's backend, which redeems the approval with the README's own code.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readmeHtmlExample, runReadmeExampleJson } from "./readme-examples";

export interface SdkPartnerServer {
  origin: string;
  /** What the backend's redeem printed, per sign-in, in order. */
  redeemed: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startSdkPartnerServer(trustgateUrl: string, client: () => { client_id: string; client_secret: string }): Promise<SdkPartnerServer> {
  const redeemed: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return void res.end(readmeHtmlExample("sdk-quickstart", { TRUSTGATE_URL: trustgateUrl, CLIENT_ID: client().client_id }));
    }
    if (req.method === "POST" && req.url === "/signed-in") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", async () => {
        try {
          const approval = JSON.parse(body) as { login_request_id: string; secret: string };
          const { client_id, client_secret } = client();
          const env = { TRUSTGATE_URL: trustgateUrl, CLIENT_ID: client_id, CLIENT_SECRET: client_secret, LOGIN_REQUEST_ID: approval.login_request_id, LOGIN_REQUEST_SECRET: approval.secret };
          redeemed.push(await runReadmeExampleJson("sdk-redeem", env));
          res.writeHead(200).end();
        } catch {
          res.writeHead(400).end();
        }
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    redeemed,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
