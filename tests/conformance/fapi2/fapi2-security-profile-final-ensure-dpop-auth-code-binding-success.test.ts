// fapi2-security-profile-final-ensure-dpop-auth-code-binding-success — a code bound with dpop_jkt at PAR is redeemed with a proof of that key.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients, newDpopKey, obtainCode, openBrowser, redeem } from "./fapi-client";

let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

describe("fapi2-security-profile-final-ensure-dpop-auth-code-binding-success", () => {
  it("dpop_jkt at PAR, the same key at the token endpoint", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client, { params: { dpop_jkt: key.jkt } });
    const tokens = await redeem(client, code, checks.verifier, key);
    expect(tokens.status).toBe(200);
    expect(tokens.body.token_type).toBe("DPoP");
  });
});
