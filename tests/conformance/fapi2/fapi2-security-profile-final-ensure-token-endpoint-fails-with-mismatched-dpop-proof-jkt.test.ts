// fapi2-security-profile-final-ensure-token-endpoint-fails-with-mismatched-dpop-proof-jkt — a code bound (by the PAR proof) to one key cannot be redeemed with a proof of another key.
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

describe("fapi2-security-profile-final-ensure-token-endpoint-fails-with-mismatched-dpop-proof-jkt", () => {
  it("invalid_grant for the other key", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client, { dpop: key });
    const answer = await redeem(client, code, checks.verifier, await newDpopKey());
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_grant");
  });
});
