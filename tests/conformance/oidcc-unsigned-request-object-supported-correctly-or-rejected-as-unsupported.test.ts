// oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported (OP-request-Unsigned):
// an unsigned (alg none) request object must be processed correctly or refused with
// request_not_supported (Core §6.1). Trustgate does not support request objects — discovery says
// request_parameter_supported=false — so it refuses, back at the verified redirect_uri.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizationRequest, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported", () => {
  it("answers request_not_supported and issues no code", async () => {
    const env = conformance();
    const discovery = (await (await fetch(`${env.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.request_parameter_supported).toBe(false);
    const request = authorizationRequest(env.rp);
    const object = `${b64({ alg: "none" })}.${b64({ ...Object.fromEntries(request.params), iss: env.rp.clientId, aud: env.url })}.`;
    request.params.set("request", object);
    await session.page.goto(`${env.url}/login/oauth/authorize?${request.params}`);
    await session.page.waitForURL(/\/demo\/callback\?/);
    const callback = new URL(session.page.url());
    expect(callback.searchParams.get("error")).toBe("request_not_supported");
    expect(callback.searchParams.get("code")).toBeNull();
  });
});
