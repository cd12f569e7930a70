// oidcc-server-client-secret-post (OP-ClientAuth-SecretPost): the same flow, the client
// authenticating with client_secret_post at the token endpoint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-server-client-secret-post", () => {
  it("redeems the code with client_secret_post", async () => {
    const { tokens } = await codeFlow(session.page, conformance().rp, {}, { auth: "client_secret_post" });
    expect(tokens.status).toBe(200);
    expect(tokens.body.id_token).toEqual(expect.any(String));
  });
});
