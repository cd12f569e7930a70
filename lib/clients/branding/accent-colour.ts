// A partner's accent colour is drawn behind white button text and as text (the header, links) on
// the white card and the light page background (#f8fafc), so it must reach WCAG 2.1 AA contrast
// (4.5:1, SC 1.4.3) against the page background — the lower of the two ratios. In a dark theme the
// accent stays the buttons' background under white text (the same ratio holds); text on a dark page
// should use the theme's own light link colour, since no colour reaches 4.5:1 against both white and
// a dark background.
import { ACCENT_MIN_CONTRAST } from "@/lib/config/limits";

/** The hosted pages' background (Tailwind slate-50): darker than the white card and button text, so the binding ratio. */
export const PAGE_BACKGROUND = "#f8fafc";

/** `#abc` or `#aabbcc` (any case) → `#aabbcc`; anything else → null. */
export function normalizeHexColour(value: string): string | null {
  const text = value.trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(text)) return text;
  if (/^#[0-9a-f]{3}$/.test(text)) return `#${[...text.slice(1)].map((c) => c + c).join("")}`;
  return null;
}

/** WCAG 2.1 relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2.1 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** Null when `value` is a usable accent; otherwise what is wrong, in words an admin reads. */
export function accentColourProblem(value: string): string | null {
  const hex = normalizeHexColour(value);
  if (!hex) return "must be a colour like #1d4ed8";
  const ratio = contrastRatio(hex, PAGE_BACKGROUND);
  if (ratio < ACCENT_MIN_CONTRAST) return `has a contrast of ${ratio.toFixed(2)}:1 with the page background and white text; WCAG AA needs at least ${ACCENT_MIN_CONTRAST}:1, choose a darker colour`;
  return null;
}

/** A darker shade for hover (mixed 15 % towards black), still ≥ the accent's contrast with white. */
export function hoverShade(hex: string): string {
  const channel = (i: number) => Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.85);
  return `#${[1, 3, 5].map((i) => channel(i).toString(16).padStart(2, "0")).join("")}`;
}
