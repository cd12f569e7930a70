// fapi2-security-profile-final-ensure-dpop-proof-at-par-endpoint-binding-success — a DPoP proof at the PAR endpoint binds the code to its key; redeeming with that key succeeds.
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

describe("fapi2-security-profile-final-ensure-dpop-proof-at-par-endpoint-binding-success", () => {
  it("proof at PAR, the same key at the token endpoint", async () => {
    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client, { dpop: key });
    expect((await redeem(client, code, checks.verifier, key)).status).toBe(200);
  });
});
