// The partner's privacy policy and terms (OpenID Connect Registration policy_uri / tos_uri, https
// only, checked when set) under the consent list. They open in a new tab so the consent stays.
export function PartnerLinks({ clientName, policyUri, tosUri }: { clientName: string; policyUri: string | null; tosUri: string | null }) {
  if (!policyUri && !tosUri) return null;
  const link = (href: string, text: string) => (
    <a href={href} target="_blank" rel="noopener noreferrer" className="text-brand-700 underline">
      {text}
    </a>
  );
  return (
    <p className="mt-4 text-sm text-slate-700" data-testid="partner-links">
      Before you authorize, read {clientName}’s {policyUri ? link(policyUri, "privacy policy") : null}
      {policyUri && tosUri ? " and " : null}
      {tosUri ? link(tosUri, "terms of service") : null}.
    </p>
  );
}
