import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";

const ROOT = "unit-test-root-secret-unit-test-root-secret";

describe("secrets encrypted at rest", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("JBSWY3DPEHPK3PXP", "totp", ROOT);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(decryptSecret(sealed, "totp", ROOT)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", "totp", ROOT)).not.toBe(encryptSecret("same", "totp", ROOT));
  });

  it("detects tampering", () => {
    const [v, iv, ct, tag] = encryptSecret("value", "totp", ROOT).split(".");
    const flipped = Buffer.from(ct!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([v, iv, flipped.toString("base64url"), tag].join("."), "totp", ROOT)).toThrow(/Cannot decrypt/);
  });

  it("keeps purposes apart: a TOTP key cannot open a signing key", () => {
    const sealed = encryptSecret("private", "signing-key", ROOT);
    expect(() => decryptSecret(sealed, "totp", ROOT)).toThrow(/Cannot decrypt/);
  });

  it("fails clearly when the root secret changed", () => {
    const sealed = encryptSecret("private", "signing-key", ROOT);
    expect(() => decryptSecret(sealed, "signing-key", ROOT + "x")).toThrow(/TRUSTGATE_SECRET/);
  });
});
