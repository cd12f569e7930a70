// The production server and the Chromium shared by the files of the "e2e-shared" project
// (tests/vitest.config.ts; started once by shared-server-global-setup.ts), as the conformance
// project shares one. A file there gets them with `sharedServerAndBrowser()` and must leave the
// server as other files expect it: its own clients, users and phones only (testPhone() hands each
// worker its own numbers), no restarts, no global settings, nothing that counts rows it did not make.
import { chromium, type Browser } from "playwright-core";
import { inject } from "vitest";

export interface SharedServerEnv {
  url: string;
  port: number;
  dataDir: string;
  /** What the server printed at start (the demo partner's and admin's credentials). */
  output: string;
  wsEndpoint: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    sharedServer: SharedServerEnv;
  }
}

/** The parts of a RunningServer (server.ts) a file may use; stopping it is the project's teardown. */
export interface SharedServer {
  url: string;
  port: number;
  dataDir: string;
  output(): string;
}

export async function sharedServerAndBrowser(): Promise<[SharedServer, Browser]> {
  const env = inject("sharedServer");
  const server: SharedServer = { url: env.url, port: env.port, dataDir: env.dataDir, output: () => env.output };
  // close() on this Browser ends this file's connection (and its contexts), not the shared Chromium.
  return [server, await chromium.connect(env.wsEndpoint)];
}
