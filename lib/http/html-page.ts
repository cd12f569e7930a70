// A minimal, self-contained HTML page for answers a route handler must render itself (error
// pages that must not redirect). Everything interpolated is escaped. With a known client (an
// authorize error for a registered partner) the page carries its name, logo and accent, and
// "Secured by Trustgate"; without one (unknown client) it stays Trustgate's own.
import type { ClientBranding } from "@/lib/clients/branding/types";
import { translatorFor } from "@/lib/i18n/catalog";
import type { MessageKey } from "@/lib/i18n/format";
import { DEFAULT_LOCALE, directionOf, type Locale } from "@/lib/i18n/locales";
import { escapeHtml } from "@/lib/validation/html";

function brandHeader(brand: ClientBranding | null | undefined): string {
  const name = escapeHtml(brand ? brand.name : "Trustgate");
  const mark = brand?.logoPath ? `<img src="${escapeHtml(brand.logoPath)}" alt="" class="logo" data-testid="brand-logo">` : `<span class="mark" aria-hidden="true"></span>`;
  return `<header>${mark}<span data-testid="brand-name">${name}</span></header>`;
}

/**
 * `locale`: the page language. A `title` and `message` are the caller's English (developer-facing
 * reasons, marked lang="en" on a page in another language); `titleKey` / `messageKey` are texts of
 * the catalogue, in the page's language.
 */
export function htmlPage(
  input: ({ title: string; message: string } | { titleKey: MessageKey; messageKey: MessageKey }) & { status: number; locale?: Locale; headers?: Record<string, string>; brand?: ClientBranding | null },
): Response {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const options = "titleKey" in input ? { ...input, title: t(input.titleKey), message: t(input.messageKey) } : input;
  const english = locale === DEFAULT_LOCALE || "titleKey" in input ? "" : ' lang="en" dir="ltr"';
  const accent = options.brand?.accent;
  // Colours as variables, like the React pages (components/PageShell.tsx); dark values in the media query (a partner's accent is kept only in light).
  const vars = `--accent:${accent ? accent.hover : "#3730a3"};--page:#f8fafc;--card:#fff;--text:#0f172a;--muted:#475569`;
  const body = `<!doctype html>
<html lang="${locale}" dir="${directionOf(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · Trustgate</title>
<style>:root{${vars}}@media (prefers-color-scheme:dark){:root{--accent:#c7d2fe;--page:#0f172a;--card:#1e293b;--text:#f1f5f9;--muted:#cbd5e1}}body{font-family:system-ui,sans-serif;margin:0;background:var(--page);color:var(--text)}.wrap{max-width:32rem;margin:4rem auto;padding:0 1rem}header{display:flex;align-items:center;gap:.5rem;font-weight:600;font-size:1.1rem;color:var(--accent);margin-bottom:1.5rem}.logo{height:2rem;width:auto;max-width:10rem;object-fit:contain}.mark{display:inline-block;width:1.5rem;height:1.5rem;border-radius:.375rem;background:var(--accent)}section{padding:2rem;background:var(--card);border-radius:1rem;box-shadow:0 1px 3px #0002}h1{font-size:1.4rem;margin:0 0 1rem}p{line-height:1.5}footer{text-align:center;font-size:.75rem;color:var(--muted);margin-top:1.5rem}</style>
</head><body><main class="wrap">${brandHeader(options.brand)}<section><div${english}><h1>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.message)}</p></div>
<p>${escapeHtml(t("errorPage.returnAndRetry"))}</p></section>${options.brand ? `<footer>${escapeHtml(t("common.securedBy"))}</footer>` : ""}</main></body></html>`;
  return new Response(body, { status: options.status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...options.headers } });
}
