import type { Metadata, Viewport } from "next";
import { I18nProvider } from "@/components/i18n/I18nProvider";
import { clientMessages } from "@/lib/i18n/catalog";
import { directionOf } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request";
import "./globals.css";

// Every page renders per request: it carries that request's CSP script nonce.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Trustgate", template: "%s · Trustgate" },
  description: "Self-hostable hosted login and onboarding portal",
  referrer: "same-origin",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// The page language (ui_locales of the sign-in, then Accept-Language, then English) sets
// <html lang dir>; the admin dashboard stays English (app/admin/layout.tsx marks it so).
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await requestLocale();
  return (
    <html lang={locale} dir={directionOf(locale)}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <I18nProvider locale={locale} messages={clientMessages(locale)}>
          {children}
        </I18nProvider>
      </body>
    </html>
  );
}
