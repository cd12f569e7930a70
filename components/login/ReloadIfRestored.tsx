"use client";
// Back from the partner after authorizing: Chromium may restore this page from the back/forward
// cache, showing a consent form whose request is already answered. Reloading asks the server,
// which shows what is true now (done, with the way back to the partner).
import { useEffect } from "react";

export function ReloadIfRestored() {
  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) window.location.reload();
    };
    window.addEventListener("pageshow", onShow);
    return () => window.removeEventListener("pageshow", onShow);
  }, []);
  return null;
}
