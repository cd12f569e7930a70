// A friendly default name for a new device, from its user agent ("Chrome on Android"). The user
// can rename it; nothing depends on it.
import { DEVICE_NAME_MAX_LENGTH } from "@/lib/config/limits";

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Mac OS X|Macintosh/, "Mac"],
  [/Windows/, "Windows"],
  [/Linux/, "Linux"],
];

export function deviceNameFromUserAgent(userAgent: string | null | undefined): string {
  const ua = userAgent ?? "";
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? "This device";
}

/** A user-supplied name: trimmed, no control characters, bounded. Null when nothing is left. */
export function cleanDeviceName(name: string): string | null {
  const cleaned = name
    .replace(/[\x00-\x1f\x7f]/g, "")
    .trim()
    .slice(0, DEVICE_NAME_MAX_LENGTH);
  return cleaned || null;
}
