// oidcc-scope-profile: (OP-scope-profile) the profile scope. The plan's user signed in by SMS and has no name on file, so only updated_at is returned (the suite warns, never fails, on absent optional claims).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, userinfo, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-scope-profile", () => {
  it("grants the scope and UserInfo returns its claims (with sub, updated_at a number)", async () => {
    const env = conformance();
    const discovery = (await (await fetch(`${env.url}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining("openid profile".split(" ")));
    const { tokens, claims } = await codeFlow(session.page, env.rp, { scope: "openid profile" });
    expect(String(tokens.body.scope).split(" ").sort()).toEqual("openid profile".split(" ").sort());
    const info = await userinfo(tokens.body.access_token!);
    expect(info.status).toBe(200);
    expect(info.body.sub).toBe(claims.sub);
    if ("updated_at" in info.body) expect(info.body.updated_at).toEqual(expect.any(Number));
    expect(Object.keys(info.body).filter((claim) => ["email", "phone_number"].includes(claim))).toEqual([]);
  });
});
