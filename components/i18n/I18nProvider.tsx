"use client";
// The messages client components need, handed down by server components: the root layout gives the
// sign-in path's (ROOT_CLIENT_PREFIXES of lib/i18n/catalog), a page adds its own namespaces with
// <Messages> (components/i18n/Messages.tsx); a nested provider adds to its parent's. useT()
// formats them in the page's locale.
import { createContext, useContext, useMemo } from "react";
import { makeTranslate, type Messages, type Translate } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";

const I18nContext = createContext<{ t: Translate; messages: Messages } | null>(null);

export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: React.ReactNode }) {
  const parent = useContext(I18nContext);
  const value = useMemo(() => {
    const all = parent ? { ...parent.messages, ...messages } : messages;
    return { t: makeTranslate(locale, all), messages: all };
  }, [locale, messages, parent]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): Translate {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useT() outside I18nProvider");
  return value.t;
}
