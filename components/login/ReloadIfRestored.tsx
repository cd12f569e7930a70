"use client";
// Back from the partner after answering a sign-in request: the browser may show this page again
// from memory — Chromium's back/forward cache, or Next's router cache when the partner lives on the
// same origin — with a form whose request is already answered. Then the page is loaded again from
// the server, which shows what is true now (done, with the way back to the partner).
import { useEffect } from "react";

export function ReloadIfRestored({ rid }: { rid: string }) {
  useEffect(() => {
    const key = `tg-answered:${rid}`;
    const reload = () => {
      // Cleared first: if the server still shows the form (the answer did not go through), no loop.
      sessionStorage.removeItem(key);
      window.location.reload();
    };
    if (sessionStorage.getItem(key)) return reload();
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) reload();
    };
    const onSubmit = (event: SubmitEvent) => {
      if (event.target instanceof HTMLFormElement && event.target.hasAttribute("data-answers-request")) sessionStorage.setItem(key, "1");
    };
    window.addEventListener("pageshow", onShow);
    document.addEventListener("submit", onSubmit);
    return () => {
      window.removeEventListener("pageshow", onShow);
      document.removeEventListener("submit", onSubmit);
    };
  }, [rid]);
  return null;
}
