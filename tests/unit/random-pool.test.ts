import { describe, expect, it } from "vitest";
import { randomBytesPooled, randomToken } from "@/lib/crypto/random";

describe("pooled random bytes", () => {
  it("never hands the same bytes out twice, across many batch refills", () => {
    const seen = new Set<string>();
    // 16 bytes × 20,000 = 320 KB: about 40 refills of the 8 KiB batch, with odd sizes mixed in.
    for (let i = 0; i < 20_000; i++) seen.add(randomBytesPooled(i % 7 === 0 ? 13 : 16).toString("hex"));
    expect(seen.size).toBe(20_000);
  });

  it("returns copies the caller owns, of the size asked, also beyond the batch", () => {
    const a = randomBytesPooled(32);
    const copy = Buffer.from(a);
    randomBytesPooled(8000);
    expect(a).toEqual(copy);
    expect(randomBytesPooled(3000)).toHaveLength(3000);
    expect(randomBytesPooled(0)).toHaveLength(0);
    expect(randomToken(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("is uniform: every byte value appears about equally often (chi-square, generous bound)", () => {
    const counts = new Array<number>(256).fill(0);
    const samples = 256 * 400;
    for (let drawn = 0; drawn < samples; drawn += 16) for (const byte of randomBytesPooled(16)) counts[byte]! += 1;
    const expected = samples / 256;
    const chi = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 255 degrees of freedom: mean 255, p(χ² > 400) ≈ 1e-8.
    expect(chi).toBeLessThan(400);
    // A stuck or zeroed pool would put thousands on one value.
    expect(Math.max(...counts)).toBeLessThan(expected * 1.5);
  });
});
