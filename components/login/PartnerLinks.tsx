// The partner's privacy policy and terms (OpenID Connect Registration policy_uri / tos_uri, https
// only, checked when set) under the consent list, in the page's language. They open in a new tab so
// the consent stays.
import { getT } from "@/lib/i18n/request";

export async function PartnerLinks({ clientName, policyUri, tosUri }: { clientName: string; policyUri: string | null; tosUri: string | null }) {
  if (!policyUri && !tosUri) return null;
  const t = await getT();
  const link = (href: string | null) =>
    function PartnerLink(chunks: React.ReactNode[]) {
      return (
        <a href={href ?? undefined} target="_blank" rel="noopener noreferrer" className="text-brand-700 underline">
          {chunks}
        </a>
      );
    };
  const values = { clientName, policy: link(policyUri), terms: link(tosUri) };
  return (
    <p className="mt-4 text-sm text-slate-700" data-testid="partner-links">
      {policyUri && tosUri ? t.rich("consent.partnerLinks.both", values) : policyUri ? t.rich("consent.partnerLinks.policy", values) : t.rich("consent.partnerLinks.terms", values)}
    </p>
  );
}
