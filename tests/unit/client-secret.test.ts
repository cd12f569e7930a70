import { describe, expect, it } from "vitest";
import { clientSecretMatches, hashClientSecret, newClientId, newClientSecret } from "@/lib/clients/client-secret";

describe("client secrets", () => {
  it("carry 256 bits and are stored only as a hash", () => {
    const { secret, hash } = newClientSecret();
    expect(Buffer.from(secret.replace(/^tgs_/, ""), "base64url").length).toBe(32);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(secret);
    expect(hashClientSecret(secret)).toBe(hash);
  });

  it("match only the right secret, and never a missing hash", () => {
    const { secret, hash } = newClientSecret();
    expect(clientSecretMatches(hash, secret)).toBe(true);
    expect(clientSecretMatches(hash, secret + "x")).toBe(false);
    expect(clientSecretMatches(null, secret)).toBe(false);
    expect(clientSecretMatches(null, "unknown-client")).toBe(false);
  });

  it("client ids are random, URL-safe and never look like a command-line option", () => {
    const ids = new Set(Array.from({ length: 1000 }, newClientId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
