// Shown on account pages to a session that may not change the account (a sign-in an application
// vouched for: docs/security.md, "Sessions").
import { getT } from "@/lib/i18n/request";

export async function SessionNotAllowed({ title }: { title: string }) {
  const t = await getT();
  return (
    <>
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-2 text-slate-700" data-testid="session-not-allowed">
        {t("account.notAllowed")}
      </p>
    </>
  );
}
