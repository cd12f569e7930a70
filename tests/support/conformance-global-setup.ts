// The conformance project's one server and one browser (tests/conformance/*): the production build
// started once, Chromium started once as a browser server every test file connects to, the test
// clients registered with the ops CLI, and one end user signed in once (SMS code, consent) whose
// browser session every module reuses — as the OpenID Foundation suite keeps one browser logged in
// across the modules of a plan.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS } from "./browser";
import setupBuild from "./e2e-global-setup";
import { signInWithSms, testPhone } from "./hosted-login";
import { TMP } from "./paths";
import { runCli, startServer } from "./server";
import type { ConformanceClient, ConformanceEnv, ConformanceUser } from "./conformance";

/** The modules that make their user sign in again (prompt=login, max_age): each gets a user of its own. */
const SIGN_IN_AGAIN_MODULES = ["oidcc-prompt-login", "oidcc-max-age-1"];

async function client(dataDir: string, name: string, redirectUri: string, extra: string[] = []): Promise<ConformanceClient> {
  const created = await runCli(["client", "create", "--name", name, "--redirect-uri", redirectUri, "--json", ...extra], { TRUSTGATE_DATA_DIR: dataDir });
  if (created.code !== 0) throw new Error(`client create failed: ${created.stderr}`);
  const parsed = JSON.parse(created.stdout) as { client_id: string; client_secret: string | null };
  return { clientId: parsed.client_id, clientSecret: parsed.client_secret, redirectUri };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  setupBuild();
  const [server, browserServer] = await Promise.all([startServer(), chromium.launchServer({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true })]);
  const teardown = async () => {
    await browserServer.close();
    await server.stop();
  };
  try {
    const redirectUri = `${server.url}/demo/callback`;
    const [rp, rpEs256] = await Promise.all([client(server.dataDir, "Conformance RP", redirectUri), client(server.dataDir, "Conformance RP ES256", redirectUri, ["--id-token-alg", "ES256"])]);

    // One sign-in for the whole plan: the session cookie is saved and loaded by every module. The
    // modules whose user must sign in AGAIN (prompt=login, max_age=1) get a user each, signed in
    // here beside the plan's, so their second sign-in never touches the plan's session and two
    // of them never race for one phone's SMS code.
    const browser = await chromium.connect(browserServer.wsEndpoint());
    const signIn = async (label: string): Promise<ConformanceUser> => {
      const phone = testPhone();
      const context = await browser.newContext();
      const page = await context.newPage();
      const query = new URLSearchParams({ client_id: rp.clientId, redirect_uri: redirectUri, response_type: "code", scope: "openid", state: "setup" });
      await page.goto(`${server.url}/login/oauth/authorize?${query}`);
      await signInWithSms(page, server.url, phone);
      await page.waitForURL(/\/login\/consent\?rid=/);
      await page.getByRole("button", { name: "Authorize" }).click();
      await page.waitForURL(/\/demo\/callback\?/);
      fs.mkdirSync(TMP, { recursive: true });
      const storageState = path.join(TMP, `conformance-session-${label}-${process.pid}.json`);
      await context.storageState({ path: storageState });
      await context.close();
      return { phone, storageState };
    };
    const [plan, ...own] = await Promise.all(["plan", ...SIGN_IN_AGAIN_MODULES].map(signIn));
    await browser.close();
    const moduleUsers = Object.fromEntries(SIGN_IN_AGAIN_MODULES.map((module, index) => [module, own[index]!]));

    const env: ConformanceEnv = { url: server.url, dataDir: server.dataDir, wsEndpoint: browserServer.wsEndpoint(), storageState: plan!.storageState, phone: plan!.phone, moduleUsers, rp, rpEs256 };
    project.provide("conformance", env);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
