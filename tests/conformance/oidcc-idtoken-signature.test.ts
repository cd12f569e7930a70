// oidcc-idtoken-signature (OP-IDToken-Signature, OP-IDToken-kid): the ID token is signed with the
// algorithm the client registered — RS256 by default, ES256 when chosen — by a key of the JWKS that
// its `kid` names; both algorithms are in id_token_signing_alg_values_supported.
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFlow, conformance, signedInPage, type BrowserSession } from "../support/conformance";

let session: BrowserSession;
beforeAll(async () => (session = await signedInPage()));
afterAll(async () => session?.close());

describe("oidcc-idtoken-signature", () => {
  it("signs with RS256 by default and ES256 for a client that registered it, each key in the JWKS", async () => {
    const env = conformance();
    const discovery = (await (await fetch(`${env.url}/.well-known/openid-configuration`)).json()) as { id_token_signing_alg_values_supported: string[] };
    expect(discovery.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(["RS256", "ES256"]));
    const jwks = (await (await fetch(`${env.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; alg: string }[] };
    for (const [client, alg] of [
      [env.rp, "RS256"],
      [env.rpEs256, "ES256"],
    ] as const) {
      const { tokens } = await codeFlow(session.page, client, {}, { alg });
      const header = decodeProtectedHeader(tokens.body.id_token!);
      expect(header.alg).toBe(alg);
      expect(jwks.keys.find((key) => key.kid === header.kid)?.alg).toBe(alg);
    }
  });
});
