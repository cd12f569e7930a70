// A hosted sign-in over plain HTTP, no browser: what a browser without JavaScript posts (the phone
// and consent forms, React's progressive-enhancement fields included) plus next-auth's SMS callback,
// which the code page's script calls. authorize → phone page → phone form → code page → SMS callback
// (the code read by `codeFor`, e.g. from the outbox) → /login/continue → consent page → consent form
// → the partner's redirect URI with a code → the code exchanged at the token endpoint. Cheap enough
// to run as load beside grant traffic (tests/faults/rolling-restart.test.ts).
import { basicAuth } from "./fixtures";

export interface HttpSignInOptions {
  /** The public URL (TRUSTGATE_URL): every request goes there, with it as Origin for form posts. */
  baseUrl: string;
  client: { client_id: string; client_secret: string; redirect_uri: string };
  phone: string;
  codeFor(phone: string): Promise<string>;
  /** Sent with every hosted-page request (e.g. X-Forwarded-For: one address per simulated person). */
  headers?: Record<string, string>;
  /** Called once per HTTP request, with its step name and status. */
  onRequest?(step: string, status: number): void;
}

/** A step answered with something a browser would not have continued from. */
export class HttpSignInError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${step}: HTTP ${status} ${detail}`.slice(0, 400));
  }
}

class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (!value || /max-age=0\b|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The hidden fields of the page's form that contains `marker` (as a browser would post them). */
function hiddenFields(html: string, marker: string): [string, string][] {
  const form = (html.match(/<form\b[\s\S]*?<\/form>/g) ?? []).find((candidate) => candidate.includes(marker));
  if (!form) throw new HttpSignInError("form", 200, `no form with ${marker}`);
  const fields: [string, string][] = [];
  for (const tag of form.match(/<input\b[^>]*>/g) ?? []) {
    if (!/\btype="hidden"/.test(tag)) continue;
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (name) fields.push([decode(name), decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "")]);
  }
  return fields;
}

/** Signs a person in through the hosted pages; resolves with the token response of the partner's code exchange. */
export async function signInOverHttp(options: HttpSignInOptions): Promise<Record<string, unknown>> {
  const jar = new CookieJar();
  const base = options.baseUrl;
  const request = async (step: string, path: string, init: RequestInit = {}, expected: (status: number) => boolean = (status) => status === 200): Promise<Response> => {
    const response = await fetch(new URL(path, base), { ...init, redirect: "manual", headers: { ...options.headers, Cookie: jar.header(), ...(init.headers as Record<string, string>) } }).catch((error: unknown) => {
      options.onRequest?.(step, 0);
      throw new HttpSignInError(step, 0, error instanceof Error ? `${error.message} ${String(error.cause ?? "")}` : String(error));
    });
    options.onRequest?.(step, response.status);
    jar.take(response);
    if (!expected(response.status)) throw new HttpSignInError(step, response.status, (await response.text()).slice(0, 200));
    return response;
  };
  const redirected = (status: number) => status >= 300 && status < 400;
  const location = (response: Response) => response.headers.get("location") ?? "";
  const postForm = (step: string, path: string, fields: [string, string][]) => {
    const body = new FormData();
    for (const [name, value] of fields) body.append(name, value);
    return request(step, path, { method: "POST", body, headers: { Origin: base } }, redirected);
  };

  const query = new URLSearchParams({ client_id: options.client.client_id, redirect_uri: options.client.redirect_uri, response_type: "code", scope: "openid phone", state: `st-${options.phone.slice(-4)}` });
  const authorize = await request("authorize", `/login/oauth/authorize?${query}`, {}, redirected);
  let loginPath = location(authorize);
  // The request is stored, then /login/continue decides the first step (the phone page, without a session).
  if (/\/login\/continue\?rid=/.test(loginPath)) loginPath = location(await request("continue", loginPath, {}, redirected));
  if (!/\/login\?rid=/.test(loginPath)) throw new HttpSignInError("authorize", authorize.status, `to ${loginPath}`);
  const rid = new URL(loginPath, base).searchParams.get("rid")!;

  const phonePage = await (await request("phone page", loginPath)).text();
  const sent = await postForm("phone form", loginPath, [...hiddenFields(phonePage, 'name="phone"'), ["phone", options.phone]]);
  const codePath = location(sent);
  if (!/\/login\/code\?rid=/.test(codePath)) throw new HttpSignInError("phone form", sent.status, `to ${codePath}`);
  await (await request("code page", codePath)).text();

  // The code page's script: next-auth's CSRF token, then its SMS credential callback.
  const { csrfToken } = (await (await request("csrf", "/api/auth/csrf")).json()) as { csrfToken: string };
  const code = await options.codeFor(options.phone);
  const form = new URLSearchParams({ phone: options.phone, code, rid, csrfToken, callbackUrl: new URL(codePath, base).toString(), json: "true" });
  const callback = await request("sms callback", "/api/auth/callback/sms", { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
  const { url } = (await callback.json()) as { url: string };
  const error = new URL(url, base).searchParams.get("error");
  if (error) throw new HttpSignInError("sms callback", callback.status, `error=${error}`);

  const next = await request("continue", `/login/continue?rid=${encodeURIComponent(rid)}`, {}, redirected);
  const consentPath = location(next);
  if (!/\/login\/consent\?rid=/.test(consentPath)) throw new HttpSignInError("continue", next.status, `to ${consentPath}`);
  const consentPage = await (await request("consent page", consentPath)).text();
  const allowed = await postForm("consent form", consentPath, [...hiddenFields(consentPage, 'name="decision"'), ["decision", "allow"]]);
  const back = new URL(location(allowed), base);
  const partnerCode = back.searchParams.get("code");
  if (!back.toString().startsWith(options.client.redirect_uri) || !partnerCode) throw new HttpSignInError("consent form", allowed.status, `to ${back.origin}${back.pathname}?error=${back.searchParams.get("error")}`);

  const tokens = await request("code exchange", "/v1/oauth/token", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth(options.client.client_id, options.client.client_secret) },
    body: new URLSearchParams({ grant_type: "authorization_code", code: partnerCode, redirect_uri: options.client.redirect_uri }),
  });
  return (await tokens.json()) as Record<string, unknown>;
}
