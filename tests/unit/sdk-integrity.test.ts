// sdk-integrity-pinned: the web SDK v1's bytes and the SRI hash the README publishes agree, so a
// change to v1 cannot ship without the docs (and partners' pinned pages) noticing. The e2e suite
// loads the module through the README quickstart's import map, whose integrity the browser checks.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SDK_V1_DTS, SDK_V1_JS } from "@/lib/sdk/v1/source";
import { ROOT } from "../support/paths";

const sri = (text: string) => `sha384-${createHash("sha384").update(text, "utf8").digest("base64")}`;

describe("web SDK v1", () => {
  it("sdk-integrity-pinned: the README publishes the SRI hash of the served module, and the quickstart uses it", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const published = [...readme.matchAll(/sha384-[A-Za-z0-9+/]{64}/g)].map((m) => m[0]);
    expect(published.length).toBeGreaterThanOrEqual(2);
    expect(new Set(published)).toEqual(new Set([sri(SDK_V1_JS)]));
  });

  it("is an ES module exporting Trustgate and TrustgateError, with the four calls typed", () => {
    expect(SDK_V1_JS).toMatch(/^export class Trustgate \{/m);
    expect(SDK_V1_JS).toMatch(/^export class TrustgateError extends Error/m);
    for (const call of ["signInWithDevice(identifier: string)", "checkNewSignInRequest()", "addCredential(token: string)", "verify(token: string)"]) expect(SDK_V1_DTS).toContain(call);
  });
});
