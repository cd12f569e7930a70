// The language of the current request (server components and server actions): the `ui_locales`
// choice remembered for this sign-in (cookie set by /login/oauth/authorize), then Accept-Language,
// then English.
import { cookies, headers } from "next/headers";
import { translatorFor } from "./catalog";
import type { Translate } from "./format";
import { chooseLocale, LOCALE_COOKIE, type Locale } from "./locales";

export async function requestLocale(): Promise<Locale> {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  return chooseLocale({ remembered: jar.get(LOCALE_COOKIE)?.value, acceptLanguage: head.get("accept-language") });
}

export async function getT(): Promise<Translate> {
  return translatorFor(await requestLocale());
}
