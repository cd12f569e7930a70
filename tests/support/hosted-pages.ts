// A tour of the hosted pages, as a person meets them, shared by the axe-core e2e test and the
// Lighthouse budgets (scripts/budgets.ts). Each stop drives the browser to one page and hands it
// to `visit` (which checks or measures it) before the tour goes on.
// To cover a new hosted page (verification, device approval, …) add a stop to HOSTED_PAGE_TOURS.
import type { Page } from "playwright-core";
import { basicAuth, validIntent } from "./fixtures";
import { latestCode, testPhone } from "./hosted-login";
import { runCli } from "./server";

export interface TourContext {
  baseUrl: string;
  partner: { client_id: string; client_secret: string };
  redirectUri: string;
  /** The server's data directory, for the operator CLI (statuses are set by operators). */
  dataDir: string;
}

export interface HostedPageStop {
  /** Short name used in reports: phone, code, consent, status, error. */
  name: string;
  /** Path pattern of the page (for reports). */
  path: string;
  /** The page is answered with this HTTP error status (Lighthouse refuses to audit those). */
  errorStatus?: number;
}

export type Visit = (stop: HostedPageStop, page: Page) => Promise<void>;

export function authorizeUrl(ctx: TourContext, extra: Record<string, string> = {}): string {
  const url = new URL(`${ctx.baseUrl}/login/oauth/authorize`);
  const query = { client_id: ctx.partner.client_id, redirect_uri: ctx.redirectUri, response_type: "code", scope: "openid phone", state: "budget-1", ...extra };
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

async function enterCode(page: Page, baseUrl: string, phone: string): Promise<void> {
  await page.getByLabel("Verification code").fill(await latestCode(baseUrl, phone));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login/code"));
}

/** Phone → code → consent for a new user of a partner. */
async function signInTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  const phone = testPhone();
  await page.goto(authorizeUrl(ctx));
  await page.waitForURL(/\/login\?rid=/);
  await visit({ name: "phone", path: "/login?rid=…" }, page);
  await page.getByLabel("Phone number").fill(phone);
  await page.getByRole("button", { name: "Send code" }).click();
  await page.waitForURL(/\/login\/code\?rid=/);
  await visit({ name: "code", path: "/login/code?rid=…" }, page);
  await enterCode(page, ctx.baseUrl, phone);
  await page.waitForURL(/\/login\/consent\?rid=/);
  await visit({ name: "consent", path: "/login/consent?rid=…" }, page);
}

/** A partner's UserIntent with `status`: pending → consent with a review notice; rejected → the status page. */
async function intentTour(status: "pending" | "rejected", page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  const phone = testPhone();
  const response = await fetch(`${ctx.baseUrl}/v1/user_intent`, {
    method: "POST",
    headers: { Authorization: basicAuth(ctx.partner.client_id, ctx.partner.client_secret), "Content-Type": "application/json" },
    body: JSON.stringify(validIntent({ email: `${phone.slice(1)}@example.com`, phone, type: "personal" })),
  });
  if (response.status !== 201) throw new Error(`user intent: ${response.status} ${await response.text()}`);
  const intent = (await response.json()) as { id: string };
  if (status !== "pending") {
    const set = await runCli(["intent", "set-status", intent.id, status, "--reason", "budget tour"], { TRUSTGATE_DATA_DIR: ctx.dataDir });
    if (set.code !== 0) throw new Error(`intent set-status: ${set.stderr}`);
  }
  await page.goto(authorizeUrl(ctx, { user_intent_id: intent.id, phone, phone_read_only: "true" }));
  await page.waitForURL(/\/login\?rid=/);
  await page.getByRole("button", { name: "Send code" }).click();
  await page.waitForURL(/\/login\/code\?rid=/);
  await enterCode(page, ctx.baseUrl, phone);
  if (status === "pending") {
    await page.waitForURL(/\/login\/consent\?rid=/);
    await page.getByRole("status").waitFor();
    await visit({ name: "consent (under review)", path: "/login/consent?rid=…" }, page);
  } else {
    await page.waitForURL(/\/login\/status\?rid=/);
    await visit({ name: "status", path: "/login/status?rid=…" }, page);
  }
}

/** An authorize request the server must refuse without redirecting: its error page. */
async function errorTour(page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  await page.goto(authorizeUrl(ctx, { client_id: "no-such-client" }));
  await visit({ name: "error", path: "/login/oauth/authorize (unknown client)", errorStatus: 400 }, page);
}

/**
 * Every tour, in order. Each runs in a fresh browser context (its own session). Pages from the
 * trusted-devices, verification and authenticator branches join here as further tours.
 */
export const HOSTED_PAGE_TOURS: { name: string; run: (page: Page, ctx: TourContext, visit: Visit) => Promise<void> }[] = [
  { name: "sign-in", run: signInTour },
  { name: "pending user intent", run: (page, ctx, visit) => intentTour("pending", page, ctx, visit) },
  { name: "rejected user intent", run: (page, ctx, visit) => intentTour("rejected", page, ctx, visit) },
  { name: "authorize error", run: errorTour },
];
