import type { ClientBranding } from "@/lib/clients/branding/types";
import { getT } from "@/lib/i18n/request";

/**
 * Every hosted page: the partner's name and logo at the top when the page belongs to a partner's
 * request (else Trustgate's), the partner's accent as the brand colour variables, and "Secured by
 * Trustgate" at the bottom. Colours are CSS variables (`--accent`, Tailwind's `--color-brand-*`)
 * so a dark theme can replace the page colours and keep the partner's accent.
 */
export async function PageShell({ children, brand = null }: { children: React.ReactNode; brand?: ClientBranding | null }) {
  const t = brand ? await getT() : null;
  const style = brand?.accent ? ({ "--accent": brand.accent.colour, "--accent-hover": brand.accent.hover, "--color-brand-600": brand.accent.colour, "--color-brand-700": brand.accent.hover } as React.CSSProperties) : undefined;
  return (
    <main style={style} className="mx-auto flex w-full max-w-2xl flex-col gap-6 px-4 py-10 sm:py-16" data-brand={brand ? brand.clientId : undefined}>
      <header className="flex items-center gap-2 text-lg font-semibold text-brand-700">
        {brand?.logoPath ? (
          // The name is written next to it, so the image itself is decoration (alt="").
          // eslint-disable-next-line @next/next/no-img-element
          <img src={brand.logoPath} alt="" className="h-8 w-auto max-w-40 object-contain" data-testid="brand-logo" />
        ) : (
          <span aria-hidden="true" className="inline-block h-6 w-6 rounded-md bg-brand-600" />
        )}
        <span data-testid="brand-name">{brand ? brand.name : "Trustgate"}</span>
      </header>
      {children}
      {t ? <p className="text-center text-xs text-slate-600">{t("common.securedBy")}</p> : null}
    </main>
  );
}
