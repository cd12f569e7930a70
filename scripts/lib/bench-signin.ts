// The hosted sign-in cells of npm run bench (BENCH_TARGETS=signin_first,signin_returning): virtual
// users without a browser holding the whole HTTP conversation a browser holds with the login pages.
// Each virtual user has its own cookie jar (paths and expiry honoured) and its own keep-alive
// connection; redirects are followed by hand; forms are read from the served HTML and posted the
// way the browser posts them:
// - Trustgate: server-action forms as native form posts (multipart/form-data with the
//   `$ACTION_ID_…` field the page renders; Next.js answers 303), the SMS code step as the page's
//   script sends it (next-auth's signIn(): GET providers, GET csrf, POST callback/sms), the passkey
//   autofill options request Chromium makes on the phone page, and the partner's code exchange.
//   Static assets (scripts, CSS) are not fetched: a returning browser has them cached.
// - the peer (node-oidc-provider, its development interactions): GET /auth, the login form, the
//   consent form, each resumed through /auth/:uid, then the code exchange.
// A first-time sign-in is a new person: a new phone number (a new user), a new browser (empty
// jar, new connection) and a new loopback source address (127.x.y.z): SMS sends are limited per
// client address (30 an hour, lib/config/limits.ts), and the server sees the socket's address
// (no proxy header is trusted), so no limit is loosened for the bench. The SMS code is read from
// the outbox table (sms_messages) of the server's database, not over HTTP, so reading it costs
// the server no request (on the embedded database the query still runs in the server process).
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import zlib from "node:zlib";
import pg from "pg";

export type SignInKind = "first" | "returning";

export interface SignInSystem {
  flavour: "trustgate" | "peer";
  /** Where the driver connects. */
  port: number;
  /** The origin a browser sees (Host and Origin headers, absolute redirects). */
  origin: string;
  authorizePath: string;
  tokenPath: string;
  client: { id: string; secret: string };
  redirectUri: string;
  /** Trustgate: the database holding the SMS outbox (PostgreSQL, or the embedded database's socket). */
  outboxDatabaseUrl?: string;
}

export interface StepStats {
  step: string;
  count: number;
  p50Ms: number;
  p99Ms: number;
}

export interface SignInStats {
  kind: SignInKind;
  users: number;
  signIns: number;
  signInsPerSecond: number;
  durationSeconds: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  requestsPerSignIn: number;
  /** user + system CPU of the server's whole process group in the measured window, per sign-in. */
  cpuMsPerSignIn: number | null;
  rssBeforeBytes: number | null;
  rssAfterBytes: number | null;
  errors: number;
  firstErrors: string[];
  steps: StepStats[];
}

const REQUEST_TIMEOUT_MS = 30_000;
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 trustgate-bench";
const NAVIGATE_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

// ---------------------------------------------------------------------------------------------
// Cookies (RFC 6265 subset: name, value, Path, Max-Age, Expires)

class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(lines: string[] | undefined): void {
    for (const line of lines ?? []) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = "/";
      let expired = false;
      for (const attribute of attributes) {
        const at = attribute.indexOf("=");
        const key = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
        const val = at === -1 ? "" : attribute.slice(at + 1).trim();
        if (key === "path" && val.startsWith("/")) path = val;
        else if (key === "max-age" && Number(val) <= 0) expired = true;
        else if (key === "expires" && Date.parse(val) <= Date.now()) expired = true;
      }
      const id = `${name}\n${path}`;
      if (expired) this.cookies.delete(id);
      else this.cookies.set(id, { name, value, path });
    }
  }

  header(pathname: string): string | undefined {
    const parts: string[] = [];
    for (const { name, value, path } of this.cookies.values()) {
      const matches = pathname === path || (pathname.startsWith(path) && (path.endsWith("/") || pathname[path.length] === "/"));
      if (matches) parts.push(`${name}=${value}`);
    }
    return parts.length ? parts.join("; ") : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// One browser: a jar, one keep-alive connection from its own source address

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The request's path and query. */
  url: string;
}

export class SignInError extends Error {}

/** `/interaction/Abc…` → `/interaction/:id`: per-step statistics keyed by route, not by value. */
function stepName(method: string, pathname: string): string {
  return `${method} ${pathname
    .split("/")
    .map((part) => (/^[A-Za-z0-9_-]{16,}$/.test(part) ? ":id" : part))
    .join("/")}`;
}

class Recorder {
  readonly samples = new Map<string, number[]>();
  record(step: string, ms: number): void {
    let list = this.samples.get(step);
    if (!list) this.samples.set(step, (list = []));
    list.push(ms);
  }
}

class Browser {
  readonly jar = new CookieJar();
  private readonly agent: http.Agent;
  requests = 0;
  /** Per-step latencies of the sign-in under way (kept only when it completes inside the window). */
  pending: [string, number][] = [];

  constructor(
    private readonly system: SignInSystem,
    localAddress: string,
    maxSockets = 1,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, localAddress });
  }

  close(): void {
    this.agent.destroy();
  }

  /** `recordTo`: the browser whose sign-in this request belongs to (the partner's backend redeems for a user). */
  request(method: string, target: string, options: { headers?: Record<string, string>; body?: string | Buffer; recordTo?: Browser } = {}): Promise<Reply> {
    const sink = options.recordTo ?? this;
    // A form's action may be absolute (the peer's are): requests go out with the path and query.
    const absolute = new URL(target, this.system.origin);
    if (absolute.origin !== new URL(this.system.origin).origin) throw new SignInError(`refusing to leave ${this.system.origin} for ${absolute.origin}`);
    const url = absolute.pathname + absolute.search;
    const pathname = url.split("?")[0]!;
    const headers: Record<string, string> = {
      Host: new URL(this.system.origin).host,
      "User-Agent": USER_AGENT,
      "Accept-Encoding": "gzip, deflate, br",
      "Accept-Language": "en-US,en;q=0.9",
      ...options.headers,
    };
    const cookie = this.jar.header(pathname);
    if (cookie) headers.Cookie = cookie;
    if (options.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(options.body));
    const started = performance.now();
    sink.requests++;
    return new Promise<Reply>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: this.system.port, method, path: url, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          sink.pending.push([stepName(method, pathname), performance.now() - started]);
          this.jar.store(res.headers["set-cookie"]);
          let raw = Buffer.concat(chunks);
          const encoding = res.headers["content-encoding"];
          if (encoding === "gzip") raw = zlib.gunzipSync(raw);
          else if (encoding === "br") raw = zlib.brotliDecompressSync(raw);
          else if (encoding === "deflate") raw = zlib.inflateSync(raw);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString("utf8"), url });
        });
      });
      req.on("timeout", () => req.destroy(new Error(`${method} ${pathname}: no answer in ${REQUEST_TIMEOUT_MS} ms`)));
      req.on("error", reject);
      req.end(options.body);
    });
  }

  /** A top-level navigation: GET, following same-site redirects; stops at the partner's redirect_uri. */
  async navigate(url: string): Promise<Reply | { callback: URL }> {
    for (let hops = 0; hops < 10; hops++) {
      const reply = await this.request("GET", url, { headers: { Accept: NAVIGATE_ACCEPT } });
      const next = this.follow(reply);
      if (next === null) return reply;
      if (typeof next !== "string") return next;
      url = next;
    }
    throw new SignInError(`too many redirects from ${url}`);
  }

  /** A form post the browser sends natively (303 → GET, followed like a navigation). */
  async submit(url: string, body: string | Buffer, contentType: string): Promise<Reply | { callback: URL }> {
    const reply = await this.request("POST", url, { headers: { Accept: NAVIGATE_ACCEPT, "Content-Type": contentType, Origin: this.system.origin }, body });
    const next = this.follow(reply);
    if (next === null) return reply;
    return typeof next === "string" ? this.navigate(next) : next;
  }

  /** The next URL of a redirect (path and query on this origin), the partner's callback, or null when this is the page. */
  private follow(reply: Reply): string | { callback: URL } | null {
    if (reply.status < 300 || reply.status >= 400) {
      if (reply.status !== 200) throw new SignInError(`${reply.url.split("?")[0]} answered ${reply.status}: ${reply.body.slice(0, 200)}`);
      return null;
    }
    const location = reply.headers.location;
    if (!location) throw new SignInError(`${reply.url.split("?")[0]} answered ${reply.status} without Location`);
    const absolute = new URL(location, `${this.system.origin}${reply.url}`);
    if (absolute.href.startsWith(this.system.redirectUri)) return { callback: absolute };
    if (absolute.origin !== new URL(this.system.origin).origin) throw new SignInError(`redirected off-site to ${absolute.origin}${absolute.pathname}`);
    return absolute.pathname + absolute.search;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by both flows

/** The action and hidden fields of the `<form>` whose markup contains `marker`. */
function formWith(html: string, marker: string): { action: string | null; hidden: Record<string, string> } {
  const at = html.indexOf(marker);
  if (at === -1) throw new SignInError(`no form with ${marker} on the page`);
  const start = html.lastIndexOf("<form", at);
  const end = html.indexOf("</form>", at);
  const form = html.slice(start, end === -1 ? undefined : end);
  const action = /<form[^>]*\saction="([^"]*)"/.exec(form)?.[1] ?? null;
  const hidden: Record<string, string> = {};
  for (const input of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(input[0])?.[1];
    if (name) hidden[decodeEntities(name)] = decodeEntities(/\svalue="([^"]*)"/.exec(input[0])?.[1] ?? "");
  }
  return { action: action === null ? null : decodeEntities(action), hidden };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

/** multipart/form-data as a browser encodes a form with enctype="multipart/form-data". */
function multipart(fields: [string, string][]): { body: Buffer; contentType: string } {
  const boundary = `----WebKitFormBoundary${randomBytes(12).toString("base64url")}`;
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_TYPE = "application/x-www-form-urlencoded";

function page(reply: Reply | { callback: URL }, pathname: string): Reply {
  if ("callback" in reply) throw new SignInError(`expected the page ${pathname}, went back to the partner (${reply.callback.search.slice(0, 80)})`);
  const at = reply.url.split("?")[0];
  if (at !== pathname && !(pathname.endsWith("*") && at!.startsWith(pathname.slice(0, -1)))) throw new SignInError(`expected the page ${pathname}, got ${at}`);
  return reply;
}

function callbackOf(reply: Reply | { callback: URL }, state: string): string {
  if (!("callback" in reply)) throw new SignInError(`expected the partner's callback, got the page ${reply.url.split("?")[0]}`);
  const params = reply.callback.searchParams;
  if (params.get("error")) throw new SignInError(`the partner got ${params.get("error")}: ${params.get("error_description")}`);
  if (params.get("state") !== state) throw new SignInError("state mismatch");
  const code = params.get("code");
  if (!code) throw new SignInError("no code at the partner's callback");
  return code;
}

interface Pkce {
  verifier: string;
  state: string;
  url: string;
}

function authorizationRequest(system: SignInSystem): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(12).toString("base64url");
  const query = new URLSearchParams({
    client_id: system.client.id,
    redirect_uri: system.redirectUri,
    response_type: "code",
    scope: "openid",
    state,
    nonce: randomBytes(12).toString("base64url"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  return { verifier, state, url: `${system.authorizePath}?${query}` };
}

/** The partner's backend redeeming the code (its own keep-alive connection pool). */
async function redeem(system: SignInSystem, backend: Browser, user: Browser, code: string, verifier: string): Promise<void> {
  const basic = Buffer.from(`${encodeURIComponent(system.client.id)}:${encodeURIComponent(system.client.secret)}`).toString("base64");
  const reply = await backend.request("POST", system.tokenPath, {
    headers: { Accept: "application/json", "Content-Type": FORM_TYPE, Authorization: `Basic ${basic}` },
    body: form({ grant_type: "authorization_code", code, redirect_uri: system.redirectUri, code_verifier: verifier }),
    recordTo: user,
  });
  if (reply.status !== 200) throw new SignInError(`token endpoint answered ${reply.status}: ${reply.body.slice(0, 200)}`);
  const tokens = JSON.parse(reply.body) as { access_token?: string; id_token?: string };
  if (!tokens.access_token || !tokens.id_token) throw new SignInError("token response without access_token or id_token");
}

// ---------------------------------------------------------------------------------------------
// The flows

interface FlowContext {
  system: SignInSystem;
  backend: Browser;
  smsCode(phone: string): Promise<string>;
}

/**
 * Trustgate's pages, whichever the server sends: the phone page, the code page (its form posted
 * natively when it is a server-action form; next-auth's signIn() round trips when the page's
 * script uses them), consent; until the partner's callback.
 */
async function trustgateFirstTime(browser: Browser, phone: string, ctx: FlowContext): Promise<void> {
  const { system } = ctx;
  const auth = authorizationRequest(system);
  let at = await browser.navigate(auth.url);
  for (let steps = 0; !("callback" in at); steps++) {
    if (steps > 6) throw new SignInError(`no way out of ${at.url.split("?")[0]}`);
    const pathname = at.url.split("?")[0];
    const rid = new URL(at.url, system.origin).searchParams.get("rid")!;
    if (pathname === "/login") {
      // Chromium with passkey autofill asks for a WebAuthn challenge as soon as the phone page runs.
      if (!at.body.includes("data-passkey-options")) {
        const options = await browser.request("POST", "/api/devices/sign-in/options", {
          headers: { Accept: "*/*", "Content-Type": "application/json", Origin: system.origin },
          body: JSON.stringify({ rid }),
        });
        if (options.status !== 200) throw new SignInError(`passkey options answered ${options.status}: ${options.body.slice(0, 200)}`);
      }
      const phoneForm = formWith(at.body, 'name="phone"');
      const sent = multipart([...Object.entries(phoneForm.hidden), ["phone", phone]]);
      at = await browser.submit(at.url, sent.body, sent.contentType);
    } else if (pathname === "/login/code") {
      const code = await ctx.smsCode(phone);
      const codeForm = formWith(at.body, 'name="code"');
      if (Object.keys(codeForm.hidden).some((name) => name.startsWith("$ACTION"))) {
        // A server-action form: posted as the browser posts it (the fields it holds, plus the code).
        const posted = multipart([...Object.entries(codeForm.hidden), ["code", code]]);
        at = await browser.submit(at.url, posted.body, posted.contentType);
        continue;
      }
      // next-auth's signIn("sms", { phone, code, rid, redirect: false }), then /login/continue.
      const json = { Accept: "*/*" };
      const providers = await browser.request("GET", "/api/auth/providers", { headers: json });
      if (providers.status !== 200) throw new SignInError(`providers answered ${providers.status}`);
      const csrf = await browser.request("GET", "/api/auth/csrf", { headers: json });
      if (csrf.status !== 200) throw new SignInError(`csrf answered ${csrf.status}`);
      const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
      const callback = await browser.request("POST", "/api/auth/callback/sms", {
        headers: { ...json, "Content-Type": FORM_TYPE, Origin: system.origin },
        body: form({ phone, code, rid, redirect: "false", csrfToken, callbackUrl: `${system.origin}${at.url}`, json: "true" }),
      });
      const answer = JSON.parse(callback.body || "{}") as { url?: string };
      if (callback.status !== 200 || !answer.url || new URL(answer.url).searchParams.get("error")) throw new SignInError(`SMS code refused (${callback.status}): ${callback.body.slice(0, 200)}`);
      at = await browser.navigate(`/login/continue?rid=${encodeURIComponent(rid)}`);
    } else if (pathname === "/login/consent") {
      const consent = formWith(at.body, "data-answers-request");
      const allow = multipart([...Object.entries(consent.hidden), ["decision", "allow"]]);
      at = await browser.submit(at.url, allow.body, allow.contentType);
    } else {
      throw new SignInError(
        `unexpected page ${pathname}: ${at.body
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .slice(0, 200)}`,
      );
    }
  }
  await redeem(system, ctx.backend, browser, callbackOf(at, auth.state), auth.verifier);
}

async function peerFirstTime(browser: Browser, phone: string, ctx: FlowContext): Promise<void> {
  const { system } = ctx;
  const auth = authorizationRequest(system);
  const loginPage = page(await browser.navigate(auth.url), "/interaction/*");
  const login = formWith(loginPage.body, 'name="login"');
  const consentPage = page(await browser.submit(login.action!, form({ ...login.hidden, login: phone, password: "bench" }), FORM_TYPE), "/interaction/*");
  const consent = formWith(consentPage.body, 'value="consent"');
  const code = callbackOf(await browser.submit(consent.action!, form(consent.hidden), FORM_TYPE), auth.state);
  await redeem(system, ctx.backend, browser, code, auth.verifier);
}

/** Session and remembered consent: straight back to the partner with a code. */
async function returning(browser: Browser, ctx: FlowContext): Promise<void> {
  const auth = authorizationRequest(ctx.system);
  const code = callbackOf(await browser.navigate(auth.url), auth.state);
  await redeem(ctx.system, ctx.backend, browser, code, auth.verifier);
}

// ---------------------------------------------------------------------------------------------
// Addresses, phones, the outbox

let addressCounter = 0;
/** A loopback address no other browser of this run has used (127.0.0.1 is left to everything else). */
function nextLoopbackAddress(): string {
  const n = ++addressCounter + 1;
  if (n >= 254 * 254 * 254) throw new Error("out of loopback addresses");
  return `127.${1 + Math.floor(n / (254 * 254))}.${1 + (Math.floor(n / 254) % 254)}.${1 + (n % 254)}`;
}

let phoneCounter = 0;
const phoneBase = randomBytes(3).readUIntBE(0, 3);
/** A distinct valid US number (415, exchanges 200–999) per first-time sign-in. */
function nextPhone(): string {
  const n = (phoneBase + ++phoneCounter) % 8_000_000;
  return `+1415${200 + Math.floor(n / 10_000)}${String(n % 10_000).padStart(4, "0")}`;
}

function outboxReader(url: string): { code(phone: string): Promise<string>; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    async code(phone) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const { rows } = await pool.query<{ body: string }>(`SELECT body FROM sms_messages WHERE "to" = $1 ORDER BY created_at DESC LIMIT 1`, [phone]);
        const code = rows[0] ? /#(\d{6})\b/.exec(rows[0].body)?.[1] : undefined;
        if (code) return code;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new SignInError(`no SMS code for ${phone} in the outbox`);
    },
    close: () => pool.end(),
  };
}

// ---------------------------------------------------------------------------------------------
// CPU and memory of the server's process group

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** user + system CPU ms of every process in the group, or null off Linux. */
export function groupCpuMs(pgid: number): number | null {
  let ticks = 0;
  let found = false;
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command.
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      /* ended meanwhile */
    }
  }
  return found ? (ticks * 1000) / CLOCK_TICKS : null;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);

// ---------------------------------------------------------------------------------------------
// A cell

export interface SignInCellOptions {
  kind: SignInKind;
  users: number;
  warmupSeconds: number;
  durationSeconds: number;
  pid: number;
  rss: () => number | null;
  /** Instead of a timed window: this many sign-ins, no warm-up (the memory curve). */
  amount?: number;
}

interface VirtualUser {
  browser: Browser | null;
}

/**
 * Runs `users` virtual users for a warm-up then a measured window. Returning users are signed in
 * once first (not measured): each keeps its session and remembered consent for the whole cell.
 */
export async function runSignInCell(system: SignInSystem, options: SignInCellOptions): Promise<SignInStats> {
  const outbox = system.flavour === "trustgate" ? outboxReader(system.outboxDatabaseUrl!) : null;
  // The partner's backend: one keep-alive pool, as a partner's HTTP client has.
  const backend = new Browser(system, "127.0.0.1", Math.max(8, options.users));
  const ctx: FlowContext = { system, backend, smsCode: (phone) => (outbox ? outbox.code(phone) : Promise.resolve("")) };
  const firstTime = system.flavour === "trustgate" ? trustgateFirstTime : peerFirstTime;
  const users: VirtualUser[] = Array.from({ length: options.users }, () => ({ browser: null }));
  const errors: string[] = [];
  let errorCount = 0;

  /** One sign-in of this cell's kind; false when a returning user had to sign in afresh (not counted). */
  const oneSignIn = async (user: VirtualUser): Promise<boolean> => {
    if (options.kind === "first" || !user.browser) {
      user.browser?.close();
      const browser = (user.browser = new Browser(system, nextLoopbackAddress()));
      await firstTime(browser, nextPhone(), ctx);
      return options.kind === "first";
    }
    user.browser.requests = 0;
    user.browser.pending = [];
    await returning(user.browser, ctx);
    return true;
  };

  try {
    if (options.kind === "returning") {
      // Each user signs in and consents once, before the clock.
      await Promise.all(users.map((user) => oneSignIn(user)));
    }
    const recorder = new Recorder();
    const whole: number[] = [];
    let requests = 0;
    let phase: "warmup" | "measured" | "done" = "warmup";
    // Read through a function: the phase changes while a sign-in awaits.
    const current = () => phase;
    const loop = async (user: VirtualUser) => {
      while (current() !== "done") {
        const startedIn = phase;
        const started = performance.now();
        try {
          const counted = await oneSignIn(user);
          // Only sign-ins that started and ended inside the measured window count.
          if (counted && startedIn === "measured" && current() === "measured") {
            whole.push(performance.now() - started);
            requests += user.browser!.requests;
            for (const [step, ms] of user.browser!.pending) recorder.record(step, ms);
          }
        } catch (error) {
          if (current() === "done") break;
          errorCount++;
          if (errors.length < 5) errors.push(error instanceof Error ? error.message : String(error));
          // A fresh browser for the next try.
          user.browser?.close();
          user.browser = null;
          if (options.kind === "returning") await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    let reached: () => void = () => {};
    const enough = new Promise<void>((resolve) => (reached = resolve));
    if (options.amount) {
      // The memory curve: this many sign-ins, counted from the first one (no warm-up).
      phase = "measured";
      const check = setInterval(() => whole.length >= options.amount! && reached(), 20);
      void enough.then(() => clearInterval(check));
    }
    let rssBefore = options.rss();
    let cpuBefore = groupCpuMs(options.pid);
    let windowStart = performance.now();
    const loops = users.map((user) => loop(user));
    if (options.amount) await enough;
    else {
      await sleep(options.warmupSeconds);
      errorCount = 0;
      errors.length = 0;
      rssBefore = options.rss();
      cpuBefore = groupCpuMs(options.pid);
      windowStart = performance.now();
      phase = "measured";
      await sleep(options.durationSeconds);
    }
    const cpuAfter = groupCpuMs(options.pid);
    const elapsedS = (performance.now() - windowStart) / 1000;
    phase = "done";
    const rssAfter = options.rss();
    await Promise.all(loops);
    whole.sort((a, b) => a - b);
    const steps: StepStats[] = [...recorder.samples.entries()].map(([step, samples]) => {
      samples.sort((a, b) => a - b);
      return { step, count: samples.length, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99) };
    });
    const signIns = whole.length;
    return {
      kind: options.kind,
      users: options.users,
      signIns,
      signInsPerSecond: signIns / elapsedS,
      durationSeconds: elapsedS,
      p50Ms: percentile(whole, 50),
      p99Ms: percentile(whole, 99),
      meanMs: signIns ? whole.reduce((a, b) => a + b, 0) / signIns : 0,
      requestsPerSignIn: signIns ? requests / signIns : 0,
      cpuMsPerSignIn: cpuBefore !== null && cpuAfter !== null && signIns ? (cpuAfter - cpuBefore) / signIns : null,
      rssBeforeBytes: rssBefore,
      rssAfterBytes: rssAfter,
      errors: errorCount,
      firstErrors: errors,
      steps,
    };
  } finally {
    for (const user of users) user.browser?.close();
    backend.close();
    await outbox?.close();
  }
}
