// The languages of the hosted end-user pages and SMS texts, and how one is chosen: the partner's
// `ui_locales` (OpenID Connect Core §3.1.2.1, space-separated BCP 47 tags in order of preference),
// then the browser's Accept-Language, then English. Plain data in and out: no request objects here.
export const LOCALES = ["en", "es", "ar"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Languages written right to left (the `dir` of the page). */
const RTL: ReadonlySet<Locale> = new Set<Locale>(["ar"]);

/** The cookie that remembers the `ui_locales` choice of the sign-in in progress. */
export const LOCALE_COOKIE = "tg_locale";

export function isLocale(value: string | null | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? "");
}

export function directionOf(locale: Locale): "ltr" | "rtl" {
  return RTL.has(locale) ? "rtl" : "ltr";
}

/** The supported locale for one BCP 47 tag: exact, else by its language subtag ("es-MX" → "es"). */
function matchTag(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (!lower || lower === "*") return null;
  const language = lower.split(/[-_]/)[0]!;
  return isLocale(language) ? language : null;
}

/** `ui_locales`: space-separated tags, most preferred first. The first one we support wins. */
export function matchUiLocales(uiLocales: string | null | undefined): Locale | null {
  for (const tag of (uiLocales ?? "").split(" ")) {
    const match = matchTag(tag);
    if (match) return match;
  }
  return null;
}

/** Accept-Language (RFC 9110 §12.5.4): tags with q-values; highest q first, order breaks ties. */
export function matchAcceptLanguage(header: string | null | undefined): Locale | null {
  const ranges = (header ?? "")
    .slice(0, 512)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((range) => range.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    const match = matchTag(range.tag);
    if (match) return match;
  }
  return null;
}

/** The page language: the remembered `ui_locales` choice, then Accept-Language, then English. */
export function chooseLocale(input: { remembered?: string | null; acceptLanguage?: string | null }): Locale {
  if (isLocale(input.remembered)) return input.remembered;
  return matchAcceptLanguage(input.acceptLanguage) ?? DEFAULT_LOCALE;
}

/**
 * `Set-Cookie` for the authorization request's `ui_locales`: remembers a supported choice for the
 * rest of this sign-in (one hour, the pages read it through requestLocale()); a request without
 * one clears an earlier choice, so the next sign-in follows the browser again.
 */
export function localeCookie(locale: Locale | null, secure: boolean): string {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])].join("; ");
  return locale ? `${LOCALE_COOKIE}=${locale}; Max-Age=3600; ${attributes}` : `${LOCALE_COOKIE}=; Max-Age=0; ${attributes}`;
}

/** The page language of a route handler's request: its `tg_locale` cookie, then Accept-Language. */
export function localeOfRequest(req: Request): Locale {
  const remembered = /(?:^|;\s*)tg_locale=([a-z]{2})(?:;|$)/.exec(req.headers.get("cookie") ?? "")?.[1];
  return chooseLocale({ remembered, acceptLanguage: req.headers.get("accept-language") });
}
