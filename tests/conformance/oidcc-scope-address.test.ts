// oidcc-scope-address: (OP-scope-address) the address scope (in scopes_supported). The plan's user has no address on file, so none is returned (a warning in the suite); an address, when there is one, is the JSON object of Core §5.1.1; phone claims are not leaked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, userinfo, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-scope-address", () => {
  it("grants the scope and UserInfo returns its claims (with sub, updated_at a number)", async () => {
    const env = conformance();
    const discovery = (await (await fetch(`${env.url}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining("openid address".split(" ")));
    const { tokens, claims } = await codeFlow(session.page, env.rp, { scope: "openid address" });
    expect(String(tokens.body.scope).split(" ").sort()).toEqual("openid address".split(" ").sort());
    const info = await userinfo(tokens.body.access_token!);
    expect(info.status).toBe(200);
    expect(info.body.sub).toBe(claims.sub);
    if ("updated_at" in info.body) expect(info.body.updated_at).toEqual(expect.any(Number));
    if ("address" in info.body) expect(info.body.address).toEqual(expect.objectContaining({}));
    expect(info.body).not.toHaveProperty("phone_number");
  });
});
