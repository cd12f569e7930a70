// oidcc-response-type-missing (OP-Response-Missing): an authorization request without response_type
// must fail — here as invalid_request redirected to the verified redirect_uri with state and iss.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationRequest, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-response-type-missing", () => {
  it("answers invalid_request without issuing a code", async () => {
    const env = conformance();
    const request = authorizationRequest(env.rp, { response_type: null });
    await session.page.goto(`${env.url}/login/oauth/authorize?${request.params}`);
    await session.page.waitForURL(/\/demo\/callback\?/);
    const callback = new URL(session.page.url());
    expect(callback.searchParams.get("error")).toBe("invalid_request");
    expect(callback.searchParams.get("state")).toBe(request.state);
    expect(callback.searchParams.get("code")).toBeNull();
  });
});
