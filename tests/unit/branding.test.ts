// Partner branding, pure parts: logos are sniffed from their bytes (PNG, JPEG, WebP only — SVG and
// HTML refused, whatever they are called), size- and dimension-capped; accent colours need WCAG AA
// contrast (4.5:1) with the white text and the light page background they are drawn with.
import { describe, expect, it } from "vitest";
import { accentColourProblem, contrastRatio, hoverShade, normalizeHexColour } from "@/lib/clients/branding/accent-colour";
import { checkLogo } from "@/lib/clients/branding/logo-image";
import { CLIENT_LOGO_MAX_BYTES } from "@/lib/config/limits";
import { jpegHeader, solidPng, webpHeader } from "../support/images";

describe("logo-sniffed-from-bytes", () => {
  it("PNG, JPEG and WebP pass with their real size and a content hash", () => {
    const png = checkLogo(solidPng(40, 20));
    expect(png).toMatchObject({ ok: true, logo: { type: "image/png", width: 40, height: 20 } });
    expect(png.ok && png.logo.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(checkLogo(jpegHeader(300, 120))).toMatchObject({ ok: true, logo: { type: "image/jpeg", width: 300, height: 120 } });
    expect(checkLogo(webpHeader(512, 256))).toMatchObject({ ok: true, logo: { type: "image/webp", width: 512, height: 256 } });
  });

  it("svg-and-html-logos-refused: markup is refused as markup, with or without an XML prolog or BOM", () => {
    for (const text of ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', '<?xml version="1.0"?><svg/>', "\uFEFF  <!doctype html><html><script>alert(1)</script>", "<html><body>logo</body></html>"]) {
      expect(checkLogo(new TextEncoder().encode(text))).toEqual({ ok: false, problem: "markup" });
    }
    expect(checkLogo(new TextEncoder().encode("GIF89a……"))).toEqual({ ok: false, problem: "unsupported_type" });
  });

  it("empty, too large, too many pixels and a truncated header are refused", () => {
    expect(checkLogo(new Uint8Array())).toEqual({ ok: false, problem: "empty" });
    expect(checkLogo(Buffer.concat([solidPng(2, 2), Buffer.alloc(CLIENT_LOGO_MAX_BYTES)]))).toEqual({ ok: false, problem: "too_large" });
    expect(checkLogo(jpegHeader(4000, 10))).toEqual({ ok: false, problem: "too_many_pixels" });
    expect(checkLogo(webpHeader(10, 2000))).toEqual({ ok: false, problem: "too_many_pixels" });
    expect(checkLogo(solidPng(2, 2).subarray(0, 12))).toEqual({ ok: false, problem: "unreadable" });
  });
});

describe("low-contrast-accent-refused", () => {
  it("WCAG contrast ratios match the published values", () => {
    expect(contrastRatio("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  it("colours below 4.5:1 against the page background (#f8fafc, so also below it with white) are refused, darker ones pass; #abc is expanded", () => {
    expect(accentColourProblem("#ffcc00")).toMatch(/contrast of 1\.45:1.*at least 4\.5:1/);
    // 4.54:1 with white but 4.34:1 with the page background: refused.
    expect(accentColourProblem("#767676")).toMatch(/4\.34:1/);
    expect(accentColourProblem("#1d4ed8")).toBeNull();
    expect(accentColourProblem("#707070")).toBeNull();
    expect(accentColourProblem("blue")).toBe("must be a colour like #1d4ed8");
    expect(normalizeHexColour("#ABC")).toBe("#aabbcc");
    // The hover shade is darker, so it keeps at least the accent's contrast.
    expect(contrastRatio(hoverShade("#1d4ed8"), "#ffffff")).toBeGreaterThan(contrastRatio("#1d4ed8", "#ffffff"));
  });
});
