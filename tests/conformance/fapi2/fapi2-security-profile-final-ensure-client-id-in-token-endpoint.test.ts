// fapi2-security-profile-final-ensure-client-id-in-token-endpoint — client one's code is sent to the token endpoint with client two's client_id and a client assertion naming client two but signed with client one's key: invalid_client (authentication) or invalid_grant (the code's client), 400 (401 allowed for invalid_client), JSON, an error_description within RFC 6749's characters.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { importJWK, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAssertion, clients, newDpopKey, obtainCode, openBrowser, redeem } from "./fapi-client";

const RFC6749_ERROR_TEXT = /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/;
let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

describe("fapi2-security-profile-final-ensure-client-id-in-token-endpoint", () => {
  it("refuses the code for client two authenticated with client one's key", async () => {
    const [one, two] = clients();
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, one!, { dpop: key });
    const oneKey = (await importJWK(one!.privateJwk, "ES256")) as CryptoKey;
    const answer = await redeem(one!, code, checks.verifier, key, { client: two!, assertion: await clientAssertion(two!, { key: oneKey }) });
    expect(answer.status === 400 || (answer.status === 401 && answer.body.error === "invalid_client")).toBe(true);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect(["invalid_client", "invalid_grant"]).toContain(answer.body.error);
    expect(answer.body.error_description).toMatch(RFC6749_ERROR_TEXT);
    expect(answer.body.access_token).toBeUndefined();
  });
});
