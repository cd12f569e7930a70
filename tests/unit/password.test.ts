import { describe, expect, it } from "vitest";
import { hashPassword, passwordPolicyProblem, verifyPassword } from "@/lib/admin/password";

describe("admin passwords (scrypt, OWASP parameters)", () => {
  it("hashes with a salt and verifies", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await hashPassword("correct horse battery staple")).not.toBe(hash);
    // Four memory-hard hashes (128 MiB each): seconds on a loaded 2-core machine.
  }, 60_000);

  it("rejects malformed stored hashes without throwing", async () => {
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });

  it("enforces length limits", () => {
    expect(passwordPolicyProblem("short")).toMatch(/at least 12/);
    expect(passwordPolicyProblem("x".repeat(129))).toMatch(/at most 128/);
    expect(passwordPolicyProblem("a perfectly fine passphrase")).toBeNull();
  });
});
