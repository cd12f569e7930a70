// fapi2-security-profile-final-par-incorrect-pkce-code-verifier-rejected — the code cannot be redeemed with another code_verifier.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients, newDpopKey, obtainCode, openBrowser, pkce, redeem } from "./fapi-client";

let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

describe("fapi2-security-profile-final-par-incorrect-pkce-code-verifier-rejected", () => {
  it("invalid_grant for a wrong verifier", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code } = await obtainCode(session.page, client, { dpop: key });
    expect((await redeem(client, code, pkce().verifier, key)).body.error).toBe("invalid_grant");
  });
});
