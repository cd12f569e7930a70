// Document types come from magic bytes; names may only agree with them. SSN/EIN format rules
// and the masks every view uses. No end-user or public route may serve document bytes.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDocumentFile, sniffDocumentType } from "@/lib/verification/document-file";
import { maskEin, maskSsn, normalizeEin, normalizeSsn } from "@/lib/verification/identifiers";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0]);
const PDF = new TextEncoder().encode("%PDF-1.5");

describe("document files", () => {
  it("sniffs JPEG, PNG and PDF from the bytes and nothing else", () => {
    expect(sniffDocumentType(PNG)).toBe("image/png");
    expect(sniffDocumentType(JPEG)).toBe("image/jpeg");
    expect(sniffDocumentType(PDF)).toBe("application/pdf");
    for (const other of ["<svg/>", "GIF89a", "%PD", "\u0000\u0000"]) expect(sniffDocumentType(new TextEncoder().encode(other))).toBeNull();
    expect(sniffDocumentType(PNG.slice(0, 7))).toBeNull();
  });

  it("a name without extension, or with one that fits the bytes (any case), is accepted; a contradicting one is not", () => {
    expect(checkDocumentFile({ name: "scan", bytes: PNG })).toMatchObject({ ok: true, file: { contentType: "image/png", fileName: "scan" } });
    expect(checkDocumentFile({ name: "C:\\Users\\me\\ID.JPEG", bytes: JPEG })).toMatchObject({ ok: true, file: { fileName: "ID.JPEG" } });
    expect(checkDocumentFile({ name: "id.pdf", bytes: PNG })).toEqual({ ok: false, error: "name_mismatch" });
    expect(checkDocumentFile({ name: "id.html", bytes: PDF })).toEqual({ ok: false, error: "name_mismatch" });
    expect(checkDocumentFile({ name: "id.png", bytes: new Uint8Array() })).toEqual({ ok: false, error: "empty" });
    expect(checkDocumentFile({ name: "", bytes: new Uint8Array() })).toEqual({ ok: false, error: "missing" });
    expect(checkDocumentFile(null)).toEqual({ ok: false, error: "missing" });
  });

  it("no route outside the admin dashboard reads document bytes", () => {
    const root = path.resolve(import.meta.dirname, "../../app");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (full !== path.join(root, "admin")) walk(full);
        } else if (/\.(ts|tsx)$/.test(entry.name) && /readDocumentForAdmin|verificationDocument\b/.test(fs.readFileSync(full, "utf8"))) {
          offenders.push(path.relative(root, full));
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});

describe("SSN and EIN", () => {
  it("accepts 9 digits with or without dashes and refuses numbers never issued", () => {
    expect(normalizeSsn("123-45-6789")).toBe("123456789");
    expect(normalizeSsn(" 123456789 ")).toBe("123456789");
    for (const bad of ["000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000", "12-345-6789", "1234567890", "abc-de-fghi"]) expect(normalizeSsn(bad), bad).toBeNull();
    expect(normalizeEin("12-3456789")).toBe("123456789");
    for (const bad of ["00-1234567", "07-1234567", "123-456789", "12345678"]) expect(normalizeEin(bad), bad).toBeNull();
  });

  it("masks show only the last four digits", () => {
    expect(maskSsn("123456789")).toBe("***-**-6789");
    expect(maskEin("123456789")).toBe("**-***6789");
  });
});
