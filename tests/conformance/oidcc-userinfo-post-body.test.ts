// oidcc-userinfo-post-body: the access token from the code flow is accepted by the UserInfo endpoint
// (POST with access_token in a form body, RFC 6750 §2.2), which answers the sub of the ID token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, userinfo, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-userinfo-post-body", () => {
  it("returns the claims with the ID token's sub", async () => {
    const { tokens, claims } = await codeFlow(session.page, conformance().rp, { scope: "openid phone" });
    const info = await userinfo(tokens.body.access_token!, "post-body");
    expect(info.status).toBe(200);
    expect(info.headers.get("content-type")).toMatch(/^application\/json/);
    expect(info.body).toMatchObject({ sub: claims.sub, phone_number: conformance().phone, phone_number_verified: true });
  });
});
