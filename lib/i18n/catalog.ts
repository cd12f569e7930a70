// The catalogues of every language, for the server (pages, SMS texts, error pages). Client
// components get only the messages they need through I18nProvider (components/i18n).
import { makeTranslate, type MessageKey, type Messages, type Translate } from "./format";
import type { Locale } from "./locales";
import { ar } from "./messages/ar";
import { en } from "./messages/en";
import { es } from "./messages/es";

export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, es, ar };

/**
 * Key prefixes the client components of the sign-in path use: the root layout sends these to every
 * page. Pages with other client texts add theirs with <Messages prefixes> (challenge., security.,
 * verify.).
 */
export const ROOT_CLIENT_PREFIXES = ["common.", "code.", "loginErrors.", "secondFactor.", "device.", "deviceErrors."] as const;

const translators = new Map<Locale, Translate>();

export function translatorFor(locale: Locale): Translate {
  let t = translators.get(locale);
  if (!t) {
    t = makeTranslate(locale, CATALOGUES[locale]);
    translators.set(locale, t);
  }
  return t;
}

export function messagesFor(locale: Locale, prefixes: readonly string[]): Messages {
  return Object.fromEntries(Object.entries(CATALOGUES[locale]).filter(([key]) => prefixes.some((prefix) => key.startsWith(prefix))));
}

/** What the root layout sends to every page. */
export function clientMessages(locale: Locale): Messages {
  return messagesFor(locale, ROOT_CLIENT_PREFIXES);
}
