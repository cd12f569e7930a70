// Adds a page's own message namespaces (e.g. "verify.") for its client components to the ones the
// root layout hands down, so each page carries only the texts its scripts can show.
import { messagesFor } from "@/lib/i18n/catalog";
import { requestLocale } from "@/lib/i18n/request";
import { I18nProvider } from "./I18nProvider";

export async function Messages({ prefixes, children }: { prefixes: string[]; children: React.ReactNode }) {
  const locale = await requestLocale();
  return (
    <I18nProvider locale={locale} messages={messagesFor(locale, prefixes)}>
      {children}
    </I18nProvider>
  );
}
