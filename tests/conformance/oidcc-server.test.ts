// oidcc-server (OP-Response-code): the code flow with client_secret_basic — discovery, authorization
// in the browser, state and iss returned, the code redeemed, the ID token checked (signature by kid,
// iss, aud, exp, iat, auth_time, nonce, at_hash), the access token accepted by userinfo.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, userinfo, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-server", () => {
  it("completes the code flow and every ID token check of the suite", async () => {
    const env = conformance();
    const discovery = (await (await fetch(`${env.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(env.url);
    const { tokens, claims } = await codeFlow(session.page, env.rp);
    expect(tokens.body.token_type).toBe("Bearer");
    expect(tokens.headers.get("cache-control")).toBe("no-store");
    expect(claims.aud).toBe(env.rp.clientId);
    const info = await userinfo(tokens.body.access_token!);
    expect(info.status).toBe(200);
    expect(info.body.sub).toBe(claims.sub);
  });
});
