// GET /account/approve[?request=id] — on a trusted device: the newest pending sign-in request (or the
// one whose QR code was scanned), approved by typing the waiting device's number, or rejected, with
// this device's passkey (no session needed: the passkey says who you are).
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { SignInRequests } from "@/components/devices/SignInRequests";
import { getT } from "@/lib/i18n/request";

export async function generateMetadata() {
  return { title: (await getT())("approve.title") };
}

export default async function ApprovePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { request } = await searchParams;
  const focus = typeof request === "string" && /^[0-9a-f-]{36}$/i.test(request) ? request : undefined;
  const t = await getT();
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">{t("approve.title")}</h1>
        <p className="mt-2 text-slate-700">{t("approve.intro")}</p>
        <div className="mt-6">
          <SignInRequests focus={focus} />
        </div>
      </Card>
    </PageShell>
  );
}
