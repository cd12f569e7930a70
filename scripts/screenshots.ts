// npm run screenshots — a PNG of every hosted page and state, as a person meets it, in light, dark,
// Spanish and Arabic (right to left), plus the admin dashboard (light and dark), against the
// production build: docs/screenshots/<mode>/<page>.png and docs/ui.md, the page that names and
// links each one. The pages are reached through the real flows of the axe and Lighthouse tours
// (tests/support/hosted-pages.ts) with a branded partner (logo, accent, policy links), then a few
// states those tours do not visit: the partner's own error page, the 404, the authenticator-app
// recovery codes and second sign-in step, the risk challenge's SMS / app fallback, and the admin's
// review queue, user, audit log, clients and canned reasons. axe-core runs on every screenshot:
// the script fails when it finds a violation.
//
// Phone pages at 390×844 CSS px, admin at 1280×800, device scale 1, whole page (up to 2,000 px high; admin 1,400); with sharp
// (Next.js's optional image dependency) the PNGs are palette-quantised to keep docs/ small.
// Options: --modes light,dark,es,ar (default all four), --only NAME (stops whose name contains NAME;
// does not rewrite docs/ui.md). Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH).
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { axeViolations } from "@/tests/support/axe";
import { adminSignIn, serverDatabase } from "@/tests/support/admin-dashboard";
import { appCode, decodeQrDataUrl } from "@/tests/support/authenticator";
import { launchBrowser } from "@/tests/support/browser";
import { latestCode, testPhone } from "@/tests/support/hosted-login";
import { authorizeUrl, brandTourPartner, challengeUrl, HOSTED_PAGE_TOURS, say, signUpAndConsent, type HostedPageStop, type TourContext, type Visit } from "@/tests/support/hosted-pages";
import { solidPng } from "@/tests/support/images";
import { ROOT } from "@/tests/support/paths";
import { runCli, startServer } from "@/tests/support/server";

const MODES = {
  light: { title: "Light", options: { colorScheme: "light" }, locale: undefined },
  dark: { title: "Dark (prefers-color-scheme)", options: { colorScheme: "dark" }, locale: undefined },
  es: { title: "Spanish", options: { colorScheme: "light", locale: "es-ES" }, locale: "es" },
  ar: { title: "Arabic (right to left)", options: { colorScheme: "light", locale: "ar" }, locale: "ar" },
} as const satisfies Record<string, { title: string; options: BrowserContextOptions; locale: "es" | "ar" | undefined }>;
type Mode = keyof typeof MODES;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const OUT = path.join(ROOT, "docs", "screenshots");
const ADMIN_PASSWORD = "correct horse battery staple";

interface Shot {
  mode: Mode;
  name: string;
  path: string;
  file: string;
  bytes: number;
  group: "hosted" | "admin";
}

function arg(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Palette-quantised PNG (sharp, when Next.js's optional dependency is installed); else the screenshot as it is. */
async function optimise(png: Buffer): Promise<Buffer> {
  try {
    const { default: sharp } = await import("sharp");
    const smaller = await sharp(png).png({ palette: true, colours: 128, compressionLevel: 9, effort: 10 }).toBuffer();
    return smaller.length < png.length ? smaller : png;
  } catch {
    return png;
  }
}

async function main(): Promise<void> {
  const modes = (arg("--modes") ?? "light,dark,es,ar").split(",") as Mode[];
  for (const mode of modes) if (!(mode in MODES)) throw new Error(`--modes: unknown mode "${mode}" (light, dark, es, ar)`);
  const only = arg("--only");
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("No production build: run `npm run build` first");

  // Each browser context is a different person at a different address (X-Forwarded-For behind a
  // trusted proxy): the tours' SMS sign-ins stay within one address's hourly budget.
  // A loaded machine may take longer than startServer's 90 s to get ready: try up to three times.
  const server = await (async () => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await startServer({ env: { TRUSTGATE_TRUST_PROXY: "true" } });
      } catch (error) {
        if (attempt === 3) throw error;
        console.log("  (the server was not ready in time — starting it again)");
      }
    }
  })();
  const browser = await launchBrowser();
  const shots: Shot[] = [];
  const problems: string[] = [];
  let person = 0;
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options: BrowserContextOptions = {}) => {
    person += 1;
    return newContext({ deviceScaleFactor: 1, ...options, extraHTTPHeaders: { ...options.extraHTTPHeaders, "X-Forwarded-For": `198.51.100.${person % 250}` } });
  };
  try {
    const redirectUri = `${server.url}/demo/callback`;
    const created = await runCli(["client", "create", "--name", "Acme Bank", "--redirect-uri", redirectUri, "--json"], { TRUSTGATE_DATA_DIR: server.dataDir });
    if (created.code !== 0) throw new Error(`client create failed: ${created.stderr}`);
    const partner = JSON.parse(created.stdout) as TourContext["partner"];
    await brandTourPartner({ partner, dataDir: server.dataDir });
    // The risk challenge may fall back to a code (SMS or the authenticator app) for this action.
    const rules = await runCli(["rules", "set", partner.client_id, "withdrawal", JSON.stringify({ defaultFallback: ["sms", "authenticator_app"] })], { TRUSTGATE_DATA_DIR: server.dataDir });
    if (rules.code !== 0) throw new Error(`rules set: ${rules.stderr}`);

    const shoot = (mode: Mode, group: Shot["group"]): Visit => {
      return async (stop: HostedPageStop, page: Page) => {
        if (only && !stop.name.includes(only)) return;
        // Shot already in a tour's earlier attempt.
        if (shots.some((shot) => shot.mode === mode && shot.name === stop.name)) return;
        const file = path.join(OUT, mode, `${slug(stop.name)}.png`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // The page settled: fonts, images (the partner's logo), no caret blinking in a field.
        await page.evaluate(() => document.fonts.ready);
        await page.waitForLoadState("load");
        // The whole page, up to a height that keeps long lists (the audit log) small.
        const { width, height } = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: document.documentElement.scrollHeight }));
        const clip = { x: 0, y: 0, width, height: Math.min(height, group === "admin" ? 1400 : 2000) };
        const png = await optimise(await page.screenshot({ fullPage: true, clip, animations: "disabled", caret: "hide" }));
        fs.writeFileSync(file, png);
        shots.push({ mode, name: stop.name, path: stop.path, file: path.relative(path.join(ROOT, "docs"), file), bytes: png.length, group });
        const violations = await axeViolations(page);
        for (const v of violations) problems.push(`${stop.name} (${mode}): axe ${v.id} (${v.impact}) ${v.help} — ${v.targets.slice(0, 3).join(", ")}`);
        console.log(`${violations.length ? "✖" : "✔"} ${mode.padEnd(5)} ${stop.name.padEnd(44)} ${(png.length / 1024).toFixed(1).padStart(6)} KB${violations.length ? `  axe: ${violations.map((v) => v.id).join(", ")}` : ""}`);
      };
    };

    let adminSecret: string | undefined;
    const adminEmail = `screens-${process.pid}@acme.example`;
    for (const mode of modes) {
      const settings = MODES[mode];
      const contextOptions: BrowserContextOptions = { ...settings.options, viewport: PHONE };
      const ctx: TourContext = { baseUrl: server.url, partner, redirectUri, dataDir: server.dataDir, locale: settings.locale, contextOptions };
      const visit = shoot(mode, "hosted");
      for (const tour of [...HOSTED_PAGE_TOURS, { name: "more hosted states", run: (page: Page, c: TourContext, v: Visit) => moreHostedStates(browser, page, c, v) }]) {
        // A tour that fails on a loaded machine (a CLI call past its minute) is run once more.
        for (let attempt = 1; ; attempt += 1) {
          const context = await browser.newContext(contextOptions);
          try {
            await tour.run(await context.newPage(), ctx, visit);
            break;
          } catch (error) {
            if (attempt === 2) throw error;
            console.log(`  (${mode} ${tour.name} tour: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]!.slice(0, 100)} — running it again)`);
          } finally {
            await context.close();
          }
        }
      }
      if (mode === "light" || mode === "dark") {
        const admin = await browser.newContext({ ...settings.options, viewport: DESKTOP });
        try {
          const page = await admin.newPage();
          if (!adminSecret) {
            const made = await runCli(["admin", "create", "--email", adminEmail, "--password", ADMIN_PASSWORD, "--role", "admin"], { TRUSTGATE_DATA_DIR: server.dataDir });
            if (made.code !== 0) throw new Error(`admin create: ${made.stderr}`);
            await seedReviewQueue(server.dataDir, partner.client_id);
          } else {
            // One TOTP code signs in once (replays are refused): the next time step.
            await new Promise((resolve) => setTimeout(resolve, 31_000 - (Date.now() % 30_000)));
          }
          adminSecret = await adminSignIn(page, server.url, adminEmail, ADMIN_PASSWORD, adminSecret);
          await adminPages(page, server.url, partner.client_id, shoot(mode, "admin"));
        } finally {
          await admin.close();
        }
      }
      if (!only) writeDocs(shots);
    }
  } finally {
    await browser.close();
    await server.stop();
  }

  if (!only) {
    const all = writeDocs(shots);
    console.log(`\nWrote ${shots.length} screenshots; docs/ui.md names ${all.length} (${(all.reduce((sum, s) => sum + s.bytes, 0) / 1024 / 1024).toFixed(2)} MB) under docs/screenshots/`);
  }
  if (problems.length) {
    console.log(`\naxe found violations:\n${problems.join("\n")}`);
    process.exitCode = 1;
  }
}

/** States the page tours do not reach: the partner's error page, the 404, an authenticator app (recovery codes, the second step of the next sign-in) and the risk challenge's fallback. */
async function moreHostedStates(browser: Browser, page: Page, ctx: TourContext, visit: Visit): Promise<void> {
  await page.goto(authorizeUrl(ctx, { redirect_uri: "https://evil.example/cb" }));
  await visit({ name: "error (the partner's, branded)", path: "/login/oauth/authorize (unregistered redirect_uri)", errorStatus: 400 }, page);
  await page.goto(`${ctx.baseUrl}/no-such-page`);
  await visit({ name: "not found", path: "/no-such-page", errorStatus: 404 }, page);

  const phone = testPhone();
  const userId = await signUpAndConsent(page, ctx, phone);
  await page.goto(`${ctx.baseUrl}/account/security`);
  await page.getByRole("button", { name: say(ctx, "security.add") }).click();
  const qr = page.getByTestId("totp-qr");
  await qr.waitFor();
  const uri = decodeQrDataUrl((await qr.getAttribute("src"))!);
  const step = Math.floor(Date.now() / 30_000);
  await page.getByLabel(say(ctx, "secondFactor.totpLabel")).fill(await appCode(uri, step * 30_000 + 15_000));
  await page.getByRole("button", { name: say(ctx, "security.turnOn") }).click();
  await page.getByRole("list", { name: say(ctx, "security.codesLabel") }).waitFor();
  await visit({ name: "account security (recovery codes)", path: "/account/security", state: "the recovery codes shown once, after the app is turned on" }, page);
  await page.goto(`${ctx.baseUrl}/account/security`);
  await visit({ name: "account security (app on)", path: "/account/security" }, page);

  // A trusted device the user has elsewhere (not at hand): the challenge offers the fallback codes.
  const database = await serverDatabase(ctx.dataDir);
  try {
    await database.query(
      `INSERT INTO devices (id, user_id, credential_id, public_key, transports, device_type, backup_eligible, backed_up, user_verified, aaguid, name, updated_at)
       VALUES (gen_random_uuid(), $1::uuid, $2, '\\x00', '{}', 'singleDevice', false, false, true, '00000000-0000-0000-0000-000000000000', 'Phone at home', now())`,
      [userId, `cred-${userId}`],
    );
    const other = await browser.newContext(ctx.contextOptions);
    try {
      const challenge = await other.newPage();
      const url = await challengeUrl(ctx, userId);
      // The challenge page's own texts are English for now (not in the catalogue yet).
      await challenge.goto(url);
      await challenge.getByRole("heading", { name: "No trusted device at hand?" }).waitFor();
      await visit({ name: "challenge (fallback offered)", path: "/challenge/{id}?token=…" }, challenge);
      await database.query(`UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1`, [phone]);
      await challenge.getByRole("button", { name: /^Text a code to / }).click();
      await challenge.waitForURL(/via=sms/);
      await visit({ name: "challenge (fallback SMS code)", path: "/challenge/{id}?token=…&via=sms" }, challenge);
      await challenge.goto(url);
      await challenge.getByRole("link", { name: "Use your authenticator app" }).click();
      await challenge.waitForURL(/via=app/);
      await visit({ name: "challenge (fallback authenticator app)", path: "/challenge/{id}?token=…&via=app" }, challenge);
    } finally {
      await other.close();
    }

    // The next sign-in asks for the app's code after the text message code.
    await page.context().clearCookies();
    await database.query(`UPDATE sms_codes SET created_at = created_at - interval '31 seconds' WHERE phone = $1`, [phone]);
    await page.goto(authorizeUrl(ctx));
    await page.getByLabel(say(ctx, "phone.label")).fill(phone);
    await page.getByRole("button", { name: say(ctx, "phone.send") }).click();
    await page.waitForURL(/\/login\/code\?rid=/);
    await page.getByLabel(say(ctx, "common.verificationCode")).fill(await latestCode(ctx.baseUrl, phone));
    await page.getByRole("button", { name: say(ctx, "common.continue") }).click();
    await page.getByLabel(say(ctx, "secondFactor.totpLabel")).waitFor();
    await visit({ name: "second factor (authenticator app)", path: "/login/code?rid=…&step=second_factor" }, page);
  } finally {
    await database.end();
  }
}

/** Users waiting for review, each with an ID document (front and back) submitted through the partner. */
async function seedReviewQueue(dataDir: string, clientId: string): Promise<void> {
  const database = await serverDatabase(dataDir);
  const png = solidPng(64, 40, [148, 163, 184]);
  const people = [
    ["Ada", "Lovelace", 185],
    ["Grace", "Hopper", 95],
    ["Alan", "Turing", 42],
    [null, null, 12],
    ["Katherine", "Johnson", 3],
  ] as const;
  try {
    for (const [index, [first, last, minutes]] of people.entries()) {
      const { rows } = await database.query<{ id: string }>(
        `INSERT INTO users (id, phone, email, first_name, last_name, status, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, 'pending', now() - make_interval(mins => $5), now()) RETURNING id::text`,
        [`+1628555${String(100 + index).padStart(4, "0")}`, `${(first ?? "someone").toLowerCase()}${index}@example.com`, first, last, minutes],
      );
      const submission = await database.query<{ id: string }>(
        `INSERT INTO verification_submissions (id, user_id, kind, client_id, data, created_at)
         VALUES (gen_random_uuid(), $1, 'document', $2, '{}', now() - make_interval(mins => $3)) RETURNING id::text`,
        [rows[0]!.id, clientId, minutes],
      );
      for (const side of ["front", "back"]) {
        await database.query(
          `INSERT INTO verification_documents (id, submission_id, user_id, side, content_type, byte_size, sha256, content)
           VALUES (gen_random_uuid(), $1, $2, $3, 'image/png', $4, 'screens', $5)`,
          [submission.rows[0]!.id, rows[0]!.id, side, png.length, png],
        );
      }
    }
  } finally {
    await database.end();
  }
}

async function adminPages(page: Page, baseUrl: string, clientId: string, visit: Visit): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByTestId("queue-row").first().waitFor();
  await visit({ name: "admin review queue", path: "/admin" }, page);
  await page.getByTestId("queue-row").first().getByRole("link").first().click();
  await page.waitForURL(/\/admin\/users\//);
  await visit({ name: "admin user (evidence, then the decision)", path: "/admin/users/{id}" }, page);
  await page.goto(`${baseUrl}/admin/search?q=ada`);
  await visit({ name: "admin search (partial name)", path: "/admin/search?q=ada" }, page);
  await page.goto(`${baseUrl}/admin/audit`);
  await visit({ name: "admin audit log", path: "/admin/audit" }, page);
  await page.goto(`${baseUrl}/admin/clients`);
  await visit({ name: "admin clients", path: "/admin/clients" }, page);
  await page.goto(`${baseUrl}/admin/clients/${clientId}`);
  await visit({ name: "admin client (branding, secret rotation)", path: "/admin/clients/{id}" }, page);
  await page.goto(`${baseUrl}/admin/reasons`);
  await visit({ name: "admin canned reasons", path: "/admin/reasons" }, page);
}

/**
 * docs/screenshots/index.json and docs/ui.md: this run's shots, plus the earlier runs' shots of the
 * modes this run did not take (so `--modes es` redoes Spanish only). Written after every mode.
 */
function writeDocs(shots: Shot[]): Shot[] {
  const index = path.join(OUT, "index.json");
  const earlier = fs.existsSync(index) ? (JSON.parse(fs.readFileSync(index, "utf8")) as Shot[]) : [];
  const taken = new Set(shots.map((s) => s.mode));
  const all = [...earlier.filter((s) => !taken.has(s.mode)), ...shots].sort((a, b) => Object.keys(MODES).indexOf(a.mode) - Object.keys(MODES).indexOf(b.mode));
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(index, `${JSON.stringify(all, null, 2)}\n`);
  const modes = (Object.keys(MODES) as Mode[]).filter((mode) => all.some((s) => s.mode === mode));
  fs.writeFileSync(path.join(ROOT, "docs", "ui.md"), uiDoc(all, modes));
  return all;
}

function uiDoc(shots: Shot[], modes: Mode[]): string {
  const names = [...new Set(shots.map((s) => s.name))];
  const total = shots.reduce((sum, s) => sum + s.bytes, 0);
  const table = (group: Shot["group"]) => {
    const groupModes = modes.filter((mode) => shots.some((s) => s.group === group && s.mode === mode));
    const rows = names
      .filter((name) => shots.some((s) => s.group === group && s.name === name))
      .map((name) => {
        const first = shots.find((s) => s.name === name)!;
        const cells = groupModes.map((mode) => {
          const shot = shots.find((s) => s.name === name && s.mode === mode);
          return shot ? `[${mode}](${shot.file})` : "—";
        });
        return `| ${name} | \`${first.path}\` | ${cells.join(" | ")} |`;
      });
    return [`| Page or state | URL | ${groupModes.map((m) => MODES[m].title).join(" | ")} |`, `|---|---|${groupModes.map(() => "---").join("|")}|`, ...rows].join("\n");
  };
  const gallery = (mode: Mode, group: Shot["group"]) =>
    shots
      .filter((s) => s.mode === mode && s.group === group)
      .map((s) => `<img src="${s.file}" alt="${s.name} (${MODES[mode].title})" title="${s.name}" width="${group === "admin" ? 640 : 195}">`)
      .join("\n");
  return [
    "# Hosted pages and admin dashboard: screenshots",
    "",
    "Every hosted page and state a person meets — sign-in (phone, code, second factor), consent with the",
    "partner's branding (name, logo, accent colour, privacy policy and terms), status pages, the branded",
    "and unbranded error pages and the 404, the verification forms, account security and devices,",
    "device approval, the risk challenge with its SMS / authenticator-app fallback — in light and dark",
    "mode, Spanish and Arabic (right to left); the admin dashboard (review queue, user with evidence",
    "above the decision, search, audit log, clients, canned reasons) in light and dark.",
    "",
    "Generated by `npm run screenshots` (scripts/screenshots.ts; after `npm run build`) against the",
    "production build with Debian Chromium and playwright-core: each page is reached through the real",
    "flow (the tours of tests/support/hosted-pages.ts, shared with the axe e2e test and `npm run budgets`),",
    "captured whole (up to 2,000 px high; admin up to 1,400) at 390×844 CSS px (phone; admin 1280×800), scale 1, palette-quantised. axe-core",
    "(WCAG 2.1 A/AA) runs on every page shot; the script fails on any violation. Re-run it after a",
    `change to the pages; this set: ${shots.length} PNGs, ${(total / 1024 / 1024).toFixed(2)} MB.`,
    "",
    'The partner of these screenshots is "Acme Bank" with a PNG logo and accent `#0f766e` (in dark',
    "mode the pages use Trustgate's dark accent, as a colour chosen for a light page fails contrast on",
    "a dark one). Phone numbers are the fictional `+1 415 555 …` range; codes come from the SMS outbox.",
    "",
    "## Hosted pages",
    "",
    table("hosted"),
    "",
    "## Admin dashboard",
    "",
    table("admin"),
    "",
    ...modes.flatMap((mode) => {
      const hosted = gallery(mode, "hosted");
      const admin = gallery(mode, "admin");
      return [`## Gallery: ${MODES[mode].title}`, "", hosted, ...(admin ? ["", admin] : []), ""];
    }),
  ].join("\n");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
