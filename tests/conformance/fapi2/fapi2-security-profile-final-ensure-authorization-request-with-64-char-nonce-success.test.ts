// fapi2-security-profile-final-ensure-authorization-request-with-64-char-nonce-success — a 64-character nonce is accepted.
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

describe("fapi2-security-profile-final-ensure-authorization-request-with-64-char-nonce-success", () => {
  it("the flow completes", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client, { dpop: key, params: { nonce: "n".repeat(64) } });
    expect((await redeem(client, code, checks.verifier, key)).status).toBe(200);
  });
});
