// token-error-text-never-reflects: a seeded fast-check property over POST /v1/oauth/token. Whatever
// form a client sends — random parameter names and values in any Unicode, known parameters with
// made-up values (grant_type=café), repeated parameters, with and without valid client credentials
// — every error answer is `{error, error_description}` whose description stays within RFC 6749
// §5.2's characters and repeats none of what was sent. Each generated value carries a unique
// marker; the marker must never appear in the answer.
//
// Reproduce a failure with the seed fast-check prints: FUZZ_SEED=<seed> npx vitest run …
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { apiRequest, basicAuth, createTestClient } from "../support/fixtures";

const SEED = Number(process.env.FUZZ_SEED ?? 6749);
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const RFC6749_DESCRIPTION = /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/;
const KNOWN = ["grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope", "client_id", "client_secret", "resource", "token"];
const GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials"];

let partner: CreatedClient;
let runIndex = 0;

beforeAll(async () => {
  partner = await createTestClient();
});

/** A value with a marker no message could contain by chance, plus any Unicode around it. */
const marked = fc
  .tuple(fc.string({ unit: "grapheme", maxLength: 6 }), fc.stringMatching(/^[a-z]{10}$/), fc.string({ unit: "grapheme", maxLength: 6 }))
  .map(([before, marker, after]) => ({ value: `${before}Zq${marker}${after}`, marker: `Zq${marker}` }));

const parameter = fc.tuple(
  fc.oneof(
    fc.constantFrom(...KNOWN),
    marked.map((m) => m.value),
  ),
  fc.oneof(
    marked,
    fc.constantFrom(...GRANT_TYPES).map((value) => ({ value, marker: null as string | null })),
  ),
);

const formArbitrary = fc.record({
  grantType: fc.oneof(
    fc.constantFrom(...GRANT_TYPES).map((value) => ({ value, marker: null as string | null })),
    marked,
    fc.constant({ value: "café", marker: "café" }),
  ),
  parameters: fc.array(parameter, { maxLength: 6 }),
  authenticated: fc.boolean(),
});

describe("token-error-text-never-reflects", () => {
  it("every error description is in RFC 6749 §5.2's set and repeats nothing the client sent", async () => {
    await fc.assert(
      fc.asyncProperty(formArbitrary, async ({ grantType, parameters, authenticated }) => {
        const body = new URLSearchParams([["grant_type", grantType.value]]);
        const markers = grantType.marker ? [grantType.marker] : [];
        for (const [name, value] of parameters) {
          body.append(name, value.value);
          if (value.marker) markers.push(value.marker);
          if (!KNOWN.includes(name)) markers.push(/Zq[a-z]{10}/.exec(name)![0]);
        }
        if (!authenticated) body.set("client_id", partner.client_id);
        runIndex += 1;
        const response = await tokenRoute(
          apiRequest("/v1/oauth/token", {
            method: "POST",
            // A fresh address per run: the failed-authentication throttle must not turn answers into 429s.
            ip: `198.51.${Math.floor(runIndex / 250)}.${runIndex % 250}`,
            headers: { "Content-Type": "application/x-www-form-urlencoded", ...(authenticated ? { Authorization: basicAuth(partner.client_id, partner.client_secret!) } : {}) },
            body: body.toString(),
          }),
        );
        expect(response.status).toBeLessThan(500);
        if (response.status === 200) return;
        const text = await response.text();
        const answer = JSON.parse(text) as { error: string; error_description: string };
        expect(answer.error).toMatch(/^[a-z_]+$/);
        expect(answer.error_description).toMatch(RFC6749_DESCRIPTION);
        for (const marker of markers) expect(text).not.toContain(marker);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("grant_type=café: unsupported_grant_type, described in ASCII without the value", async () => {
    const response = await tokenRoute(
      apiRequest("/v1/oauth/token", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth(partner.client_id, partner.client_secret!) }, body: "grant_type=caf%C3%A9" }),
    );
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: string; error_description: string };
    expect(answer.error).toBe("unsupported_grant_type");
    expect(answer.error_description).toMatch(RFC6749_DESCRIPTION);
    expect(answer.error_description).not.toContain("caf");
  });
});
