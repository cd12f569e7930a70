// Helpers for dashboard tests: the admin sign-in as a person does it (password, then the code an
// authenticator app computes with otplib), the running server's database, and raw server-action
// posts (to check what the server does with requests a page would never send).
import fs from "node:fs";
import path from "node:path";
import { generate } from "otplib";
import pg from "pg";
import type { BrowserContext, Page } from "playwright-core";
import { ROOT } from "./paths";

/** Signs in at /admin/login; enrols TOTP when asked (returns the secret) and lands on /admin. */
export async function adminSignIn(page: Page, baseUrl: string, email: string, password: string, knownSecret?: string): Promise<string> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(/\/admin\/login\/totp$/);
  const enrolKey = page.getByTestId("totp-secret");
  const secret = (await enrolKey.count()) ? (await enrolKey.textContent())!.trim() : knownSecret;
  if (!secret) throw new Error("no TOTP secret for this admin");
  await page.getByLabel("Authenticator code").fill(await generate({ secret }));
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL((url) => url.pathname === "/admin");
  return secret;
}

/** The running server's embedded database, reached over its socket (never the directory itself). */
export async function serverDatabase(dataDir: string): Promise<pg.Client> {
  const { url } = JSON.parse(fs.readFileSync(path.join(dataDir, "trustgate-db.json"), "utf8")) as { url: string };
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The id Next.js gave a server action in this build. */
export function serverActionId(exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action named ${exportedName} in the build`);
  return found[0];
}

export async function cookieHeader(context: BrowserContext, url: string): Promise<string> {
  return (await context.cookies(url)).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

/**
 * Posts to a server action the way React's client does (encodeReply: part "0" holds the argument
 * list, a FormData argument travels as "_1_<field>" parts). `withState` for useActionState actions.
 * Next.js answers 200 with an `x-action-redirect` header when the action redirects.
 */
export async function postServerAction(options: { url: string; actionId: string; fields: Record<string, string>; cookie: string; origin: string; withState?: boolean }): Promise<Response> {
  const body = new FormData();
  // React writes the argument parts first and the root ("0") last; the server decodes in order.
  for (const [name, value] of Object.entries(options.fields)) body.append(`_1_${name}`, value);
  body.set("0", JSON.stringify(options.withState ? ["$undefined", "$K1"] : ["$K1"]));
  return fetch(options.url, {
    method: "POST",
    redirect: "manual",
    headers: { "Next-Action": options.actionId, Accept: "text/x-component", Origin: options.origin, Cookie: options.cookie },
    body,
  });
}
