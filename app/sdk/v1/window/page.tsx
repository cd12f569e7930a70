// GET /sdk/v1/window?client_id=…&origin=… — the web SDK's popup (lib/devices/sdk-window.ts): device
// ceremonies on Trustgate's origin for a partner page on `origin`, which must be the origin of one of
// the client's registered redirect URIs. Opened by /sdk/v1/trustgate.js; not framable (popup only).
import { Card } from "@/components/Card";
import { PageShell } from "@/components/PageShell";
import { SdkWindow } from "@/components/devices/SdkWindow";
import { sdkPartner } from "@/lib/devices/sdk-window";

export const dynamic = "force-dynamic";
export const metadata = { title: "Trustgate" };

export default async function SdkWindowPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { client_id: clientId, origin } = await searchParams;
  const partner = typeof clientId === "string" && typeof origin === "string" ? await sdkPartner(clientId, origin).catch(() => null) : null;
  return (
    <PageShell>
      <Card>
        <h1 className="text-2xl font-bold">Use this device</h1>
        {partner ? (
          <SdkWindow clientId={partner.clientId} clientName={partner.clientName} origin={partner.origin} />
        ) : (
          <p role="alert" className="mt-4 font-medium text-red-700">
            This window was opened by a site that is not registered with Trustgate. Close it.
          </p>
        )}
      </Card>
    </PageShell>
  );
}
