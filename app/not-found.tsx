// Any unknown address (and notFound() in a page): in the page's language, with the way back.
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { getT } from "@/lib/i18n/request";

export async function generateMetadata() {
  return { title: (await getT())("notFound.title") };
}

export default async function NotFound() {
  const t = await getT();
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">{t("notFound.title")}</h1>
        <p className="mt-3 text-slate-700">{t("notFound.body")}</p>
      </Card>
    </PageShell>
  );
}
