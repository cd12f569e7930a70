// The "e2e-shared" project's one server and one browser (tests/support/shared-server.ts): the
// production build started once, Chromium started once as a browser server each file connects to.
// The files together spend one client address's budgets (127.0.0.1), notably SMS_SENDS_PER_IP (30
// codes an hour): the current files send ~17; a file that sends many codes belongs in "e2e".
import fs from "node:fs";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS } from "./browser";
import setupBuild from "./e2e-global-setup";
import { PHONE_BLOCKS_DIR } from "./hosted-login";
import { startServer } from "./server";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  setupBuild();
  // testPhone() claims blocks of numbers here, so two workers never sign in with the same phone.
  fs.rmSync(PHONE_BLOCKS_DIR, { recursive: true, force: true });
  fs.mkdirSync(PHONE_BLOCKS_DIR, { recursive: true });
  const [server, browserServer] = await Promise.all([startServer(), chromium.launchServer({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true })]);
  const teardown = async () => {
    await browserServer.close();
    await server.stop();
  };
  try {
    // Ready may come before the start banner has been read from the pipe.
    for (let attempt = 0; attempt < 100 && !server.output().includes("Partner client_id"); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
    project.provide("sharedServer", { url: server.url, port: server.port, dataDir: server.dataDir, output: server.output(), wsEndpoint: browserServer.wsEndpoint() });
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
