// Partner logos: the type comes from the magic bytes only, and only raster formats a browser draws
// without running anything (PNG, JPEG, WebP). SVG is refused on purpose: it is a document that can
// carry script, and so is HTML (OWASP File Upload Cheat Sheet: allow-list types, never trust the
// name or the sender's Content-Type). Width and height are read from the header and capped.
import { createHash } from "node:crypto";
import { CLIENT_LOGO_MAX_BYTES, CLIENT_LOGO_MAX_DIMENSION_PX } from "@/lib/config/limits";

export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

export type LogoProblem = "empty" | "too_large" | "markup" | "unsupported_type" | "unreadable" | "too_many_pixels";

export const LOGO_PROBLEMS: Record<LogoProblem, string> = {
  empty: "The logo file is empty.",
  too_large: `The logo must be at most ${CLIENT_LOGO_MAX_BYTES / 1024} KB.`,
  markup: "SVG and HTML logos are refused (they can carry script): upload a PNG, JPEG or WebP image.",
  unsupported_type: "The logo must be a PNG, JPEG or WebP image.",
  unreadable: "The logo's image header cannot be read: save it again as PNG, JPEG or WebP.",
  too_many_pixels: `The logo must be at most ${CLIENT_LOGO_MAX_DIMENSION_PX} x ${CLIENT_LOGO_MAX_DIMENSION_PX} pixels.`,
};

export interface CheckedLogo {
  type: LogoType;
  width: number;
  height: number;
  bytes: Uint8Array;
  /** First 16 hex digits of the SHA-256: the immutable URL's last segment and the ETag. */
  hash: string;
}

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) => bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const be16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const be32 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const le24 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);

/** Markup (SVG, HTML, XML) starts with `<` after an optional BOM and white space. */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 512))
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  return head.startsWith("<") || head.includes("<svg") || head.includes("<html") || head.includes("<script");
}

function pngSize(b: Uint8Array): { width: number; height: number } | null {
  // Signature, then the IHDR chunk: length (4), "IHDR", width (4), height (4).
  if (b.length < 24 || !startsWith(b, ascii("IHDR"), 12)) return null;
  return { width: be32(b, 16), height: be32(b, 20) };
}

function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    // Start of frame (baseline, progressive, …), not DHT (C4), JPG (C8) or DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { height: be16(b, i + 5), width: be16(b, i + 7) };
    i += 2 + be16(b, i + 2);
  }
  return null;
}

function webpSize(b: Uint8Array): { width: number; height: number } | null {
  if (b.length < 30) return null;
  if (startsWith(b, ascii("VP8 "), 12)) return { width: (b[26]! | (b[27]! << 8)) & 0x3fff, height: (b[28]! | (b[29]! << 8)) & 0x3fff };
  if (startsWith(b, ascii("VP8L"), 12)) {
    const [b0, b1, b2, b3] = [b[21]!, b[22]!, b[23]!, b[24]!];
    return { width: 1 + (((b1 & 0x3f) << 8) | b0), height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)) };
  }
  if (startsWith(b, ascii("VP8X"), 12)) return { width: 1 + le24(b, 24), height: 1 + le24(b, 27) };
  return null;
}

export function checkLogo(bytes: Uint8Array): { ok: true; logo: CheckedLogo } | { ok: false; problem: LogoProblem } {
  if (bytes.byteLength === 0) return { ok: false, problem: "empty" };
  if (bytes.byteLength > CLIENT_LOGO_MAX_BYTES) return { ok: false, problem: "too_large" };
  let type: LogoType;
  let size: { width: number; height: number } | null;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) [type, size] = ["image/png", pngSize(bytes)];
  else if (startsWith(bytes, [0xff, 0xd8, 0xff])) [type, size] = ["image/jpeg", jpegSize(bytes)];
  else if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) [type, size] = ["image/webp", webpSize(bytes)];
  else return { ok: false, problem: looksLikeMarkup(bytes) ? "markup" : "unsupported_type" };
  if (!size || size.width < 1 || size.height < 1) return { ok: false, problem: "unreadable" };
  if (size.width > CLIENT_LOGO_MAX_DIMENSION_PX || size.height > CLIENT_LOGO_MAX_DIMENSION_PX) return { ok: false, problem: "too_many_pixels" };
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  return { ok: true, logo: { type, ...size, bytes, hash } };
}
