// Trustgate's TOTP module against RFC 6238 Appendix B, and its skew and replay rules.
import { describe, expect, it } from "vitest";
import { checkTotp, newTotpSecret, totpCode, totpStep, totpUri } from "@/lib/crypto/totp";

// RFC 6238 Appendix B: HMAC-SHA1, the 20-byte ASCII seed "12345678901234567890", 8-digit codes.
const RFC_SEED = new TextEncoder().encode("12345678901234567890");
const RFC_6238_SHA1_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

describe("RFC 6238 test vectors through lib/crypto/totp", () => {
  it.each(RFC_6238_SHA1_VECTORS)("T = %i gives %s", async (epochS, expected) => {
    await expect(totpCode({ secret: RFC_SEED, epochS, digits: 8 })).resolves.toBe(expected);
  });
});

describe("checkTotp", () => {
  const secret = newTotpSecret();
  const t = 1_800_000_000 - (1_800_000_000 % 30) + 7;

  it("makes 160-bit Base32 secrets and an otpauth URI carrying issuer and secret", () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri({ issuer: "Acme", label: "user-1", secret }));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Acme");
  });

  it("accepts the current code and one step either side, nothing further", async () => {
    for (const offset of [-1, 0, 1]) {
      const code = await totpCode({ secret, epochS: t + offset * 30 });
      await expect(checkTotp({ secret, code, epochS: t, lastUsedStep: null })).resolves.toEqual({ ok: true, step: totpStep(t) + offset });
    }
    for (const offset of [-2, 2]) {
      const code = await totpCode({ secret, epochS: t + offset * 30 });
      await expect(checkTotp({ secret, code, epochS: t, lastUsedStep: null })).resolves.toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("refuses a step at or before the last used one (replay, ASVS 6.5.1)", async () => {
    const code = await totpCode({ secret, epochS: t });
    await expect(checkTotp({ secret, code, epochS: t, lastUsedStep: totpStep(t) })).resolves.toEqual({ ok: false, reason: "replayed" });
    const previous = await totpCode({ secret, epochS: t - 30 });
    await expect(checkTotp({ secret, code: previous, epochS: t, lastUsedStep: totpStep(t) })).resolves.toEqual({ ok: false, reason: "replayed" });
    const next = await totpCode({ secret, epochS: t + 30 });
    await expect(checkTotp({ secret, code: next, epochS: t, lastUsedStep: totpStep(t) })).resolves.toEqual({ ok: true, step: totpStep(t) + 1 });
  });

  it("calls anything but six digits malformed without throwing", async () => {
    for (const code of ["", "12345", "1234567", "12a456", " 123456"]) {
      await expect(checkTotp({ secret, code, epochS: t, lastUsedStep: null })).resolves.toEqual({ ok: false, reason: "malformed" });
    }
  });
});
