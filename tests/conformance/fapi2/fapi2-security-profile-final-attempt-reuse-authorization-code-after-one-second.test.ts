// fapi2-security-profile-final-attempt-reuse-authorization-code-after-one-second — a code used once is refused a second time, and the second use revokes what the first issued.
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

describe("fapi2-security-profile-final-attempt-reuse-authorization-code-after-one-second", () => {
  it("second redemption fails; the first access token stops working", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client, { dpop: key });
    const first = await redeem(client, code, checks.verifier, key);
    expect(first.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const second = await redeem(client, code, checks.verifier, key);
    expect(second.body.error).toBe("invalid_grant");
    expect((await userinfo(first.body.access_token as string, key)).status).toBe(401);
  });
});
