// oidcc-scope-all: (OP-scope-all) openid email phone profile address at once (the suite skips the module unless all are in scopes_supported). The plan's user has a phone number only: the other claims are absent (warnings in the suite).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, userinfo, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-scope-all", () => {
  it("grants the scope and UserInfo returns its claims (with sub, updated_at a number)", async () => {
    const env = conformance();
    const discovery = (await (await fetch(`${env.url}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining("openid email phone profile address".split(" ")));
    const { tokens, claims } = await codeFlow(session.page, env.rp, { scope: "openid email phone profile address" });
    expect(String(tokens.body.scope).split(" ").sort()).toEqual("openid email phone profile address".split(" ").sort());
    const info = await userinfo(tokens.body.access_token!);
    expect(info.status).toBe(200);
    expect(info.body.sub).toBe(claims.sub);
    if ("updated_at" in info.body) expect(info.body.updated_at).toEqual(expect.any(Number));
    expect(info.body).toMatchObject({ phone_number: conformance().phone, phone_number_verified: true, updated_at: expect.any(Number) });
  });
});
