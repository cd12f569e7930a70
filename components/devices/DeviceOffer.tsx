// The offer after a sign-in without this browser's passkey: "Add this device", or "Not now" (asked
// once). The page passes the "Not now" server action in: components never import app/.
import { Card } from "@/components/Card";
import { getT } from "@/lib/i18n/request";
import { AddDeviceButton } from "./AddDeviceButton";

export async function DeviceOffer({ back, decline }: { back: string; decline: (form: FormData) => Promise<void> }) {
  const t = await getT();
  return (
    <Card>
      <section aria-labelledby="device-offer-title">
        <h2 id="device-offer-title" className="text-lg font-semibold">
          {t("device.offerTitle")}
        </h2>
        <p className="mt-1 text-slate-700">{t("device.offerBody")}</p>
        <div className="mt-4 grid gap-3">
          <AddDeviceButton />
          <form action={decline}>
            <input type="hidden" name="back" value={back} />
            <button type="submit" className="w-full text-sm text-slate-600 underline">
              {t("device.notNow")}
            </button>
          </form>
        </div>
      </section>
    </Card>
  );
}
