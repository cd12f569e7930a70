"use client";
// "Send a new code" with a live countdown to the end of the resend cooldown. The server renders an
// enabled button (without JavaScript an early press lands back on the code page with the wait);
// once hydrated the button stays disabled until the cooldown ends, and shows the pending state.
import { useEffect, useState } from "react";
import { useFormStatus } from "react-dom";

export function ResendCodeButton({ waitS, className }: { waitS: number; className: string }) {
  const { pending } = useFormStatus();
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
      {pending ? "Sending…" : waiting ? `Send a new code in ${left} s` : "Send a new code"}
    </button>
  );
}
