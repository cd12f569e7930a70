"use client";
// "Send a new code" with a live countdown to the end of the resend cooldown. The server renders an
// enabled button (without JavaScript an early press lands back on the code page with the wait);
// once hydrated the button stays disabled until the cooldown ends, and shows the pending state.
import { useEffect, useState } from "react";
import { useFormStatus } from "react-dom";
import { useT } from "@/components/i18n/I18nProvider";

export function ResendCodeButton({ waitS, className }: { waitS: number; className: string }) {
  const { pending } = useFormStatus();
  const t = useT();
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const endsAt = Date.now() + waitS * 1000;
    const tick = () => setLeft(Math.max(0, Math.ceil((endsAt - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [waitS]);
  const waiting = left !== null && left > 0;
  return (
    <button type="submit" className={className} disabled={pending || waiting} data-testid="resend-code">
      {pending ? t("common.sending") : waiting ? t("code.resendIn", { seconds: left }) : t("code.resend")}
    </button>
  );
}
