// oidcc-ensure-registered-redirect-uri (OP-redirect_uri-NotReg): an unregistered redirect_uri gets
// an error page on Trustgate's own origin — the browser is never sent to it (RFC 6749 §4.1.2.1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationRequest, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-ensure-registered-redirect-uri", () => {
  it("shows an error page and never redirects", async () => {
    const env = conformance();
    const request = authorizationRequest(env.rp, { redirect_uri: `${env.url}/demo/callback/unregistered` });
    const response = await session.page.goto(`${env.url}/login/oauth/authorize?${request.params}`);
    expect(response!.status()).toBe(400);
    expect(new URL(session.page.url()).pathname).toBe("/login/oauth/authorize");
    expect(await session.page.getByRole("heading", { name: "Invalid redirect address" }).count()).toBe(1);
  });
});
