// fapi2-security-profile-final-access-token-type-header-case-sensitivity — the resource accepts the
// DPoP authorization scheme in any letter case (RFC 9110 §11.1: schemes are case-insensitive).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients, newDpopKey, obtainCode, openBrowser, redeem, userinfo } from "./fapi-client";

let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

describe("fapi2-security-profile-final-access-token-type-header-case-sensitivity", () => {
  it("dpop, DPOP and DPoP all work at userinfo", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client, { dpop: key });
    const tokens = await redeem(client, code, checks.verifier, key);
    for (const scheme of ["dpop", "DPOP", "DPoP"]) {
      expect((await userinfo(tokens.body.access_token as string, key, scheme)).status, scheme).toBe(200);
    }
  });
});
