// fapi2-security-profile-final-par-ensure-pkce-code-verifier-required — the code cannot be redeemed without the code_verifier.
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

describe("fapi2-security-profile-final-par-ensure-pkce-code-verifier-required", () => {
  it("invalid_grant without code_verifier", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code } = await obtainCode(session.page, client, { dpop: key });
    expect((await redeem(client, code, null, key)).body.error).toBe("invalid_grant");
  });
});
