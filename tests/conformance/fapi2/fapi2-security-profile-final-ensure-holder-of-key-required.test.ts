// fapi2-security-profile-final-ensure-holder-of-key-required — tokens are sender-constrained: the token endpoint refuses a request without a DPoP proof, and the resource refuses the token without one.
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

describe("fapi2-security-profile-final-ensure-holder-of-key-required", () => {
  it("no proof at the token endpoint, then no proof at userinfo", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client);
    const without = await redeem(client, code, checks.verifier, null);
    expect(without.status).toBe(400);
    expect(without.body.error).toBe("invalid_request");
    const tokens = await redeem(client, code, checks.verifier, key);
    expect(tokens.status).toBe(200);
    expect((await userinfo(tokens.body.access_token as string, null, "Bearer")).status).toBe(401);
    expect((await userinfo(tokens.body.access_token as string, null, "DPoP")).status).toBe(401);
    expect((await userinfo(tokens.body.access_token as string, key)).status).toBe(200);
  });
});
