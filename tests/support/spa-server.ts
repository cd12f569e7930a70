// The partner's single-page app (tests/support/spa/app.js) served from its own origin
// (http://localhost:<another port>), with oauth4webapi straight from node_modules.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ROOT } from "./paths";
import { freePort } from "./server";

export interface SpaServer {
  origin: string;
  close(): Promise<void>;
}

export async function startSpa(config: { issuer: string; clientId: string }, port?: number): Promise<SpaServer> {
  port ??= await freePort();
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner SPA</title>
<script type="application/json" id="config">${JSON.stringify(config)}</script>
<script type="module" src="/app.js"></script></head><body><h1>Partner SPA</h1></body></html>`;
  const files: Record<string, string> = {
    "/app.js": path.join(ROOT, "tests/support/spa/app.js"),
    "/oauth4webapi.js": path.join(ROOT, "node_modules/oauth4webapi/build/index.js"),
  };
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://spa").pathname;
    const file = files[pathname];
    if (file) {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
      res.end(fs.readFileSync(file));
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { origin: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
