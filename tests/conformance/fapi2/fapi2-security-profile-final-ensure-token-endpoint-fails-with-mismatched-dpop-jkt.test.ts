// fapi2-security-profile-final-ensure-token-endpoint-fails-with-mismatched-dpop-jkt — a code bound with dpop_jkt cannot be redeemed with a proof of another key.
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

describe("fapi2-security-profile-final-ensure-token-endpoint-fails-with-mismatched-dpop-jkt", () => {
  it("invalid_grant for the other key", async () => {
    const client = clients()[0]!;
    const bound = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client, { params: { dpop_jkt: bound.jkt } });
    const answer = await redeem(client, code, checks.verifier, await newDpopKey());
    expect(answer.body.error).toBe("invalid_grant");
  });
});
