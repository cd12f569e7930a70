// fapi2-security-profile-final-ensure-authorization-code-is-bound-to-client — another client (authenticated as itself) cannot redeem the code.
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

describe("fapi2-security-profile-final-ensure-authorization-code-is-bound-to-client", () => {
  it("client two's redemption of client one's code fails", async () => {
    const [one, two] = clients();
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, one!, { dpop: key });
    const stolen = await redeem(one!, code, checks.verifier, key, { client: two! });
    expect(stolen.body.error).toBe("invalid_grant");
    expect((await redeem(one!, code, checks.verifier, key)).status).toBe(200);
  });
});
