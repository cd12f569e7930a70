"use client";
import { useEffect } from "react";

/** After a failed submit, move focus to the error summary so screen readers and keyboards land there. */
export function useFocusSummary(attempt: number | undefined): void {
  useEffect(() => {
    if (attempt) document.getElementById("error-summary")?.focus();
  }, [attempt]);
}
