// fapi2-security-profile-final-test-claims-parameter-identity-claims — discovery says claims_parameter_supported: true, so the module runs: the pushed request asks, through the `claims` parameter, for every standard claim in claims_supported in both the id_token and userinfo, in every form Core §5.5.1 allows (null, {}, essential true/false, an unknown member) plus an unknown location, all of which must be ignored where not understood. The flow must succeed; userinfo answers JSON with the id_token's sub and a numeric updated_at when present. Claims the user has no value for or the scopes do not release are absent (warnings in the suite): Trustgate releases claims by scope and consent only (lib/claims/scope-map.ts).
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clients, issuer, newDpopKey, obtainCode, openBrowser, redeem, userinfo } from "./fapi-client";

const STANDARD_CLAIMS =
  "sub name given_name family_name middle_name nickname preferred_username profile picture website email email_verified gender birthdate zoneinfo locale phone_number phone_number_verified address updated_at".split(" ");
const random = () => randomBytes(8).toString("hex").slice(0, 10);
let session: Awaited<ReturnType<typeof openBrowser>>;

beforeAll(async () => {
  session = await openBrowser();
});

afterAll(async () => {
  await session?.close();
});

/** The suite's forms of an individual claim request, in turn (AbstractAddClaimToAuthorizationEndpointRequest). */
function requestsFor(names: string[]): Record<string, unknown> {
  const forms = [() => null, () => ({}), () => ({ essential: true }), () => ({ [random()]: random() }), () => ({ essential: false })];
  return Object.fromEntries(names.map((name, index) => [name, forms[index % forms.length]!()]));
}

describe("fapi2-security-profile-final-test-claims-parameter-identity-claims", () => {
  it("accepts the claims parameter in all its forms and answers with the same sub everywhere", async () => {
    const metadata = (await (await fetch(`${issuer()}/.well-known/openid-configuration`)).json()) as { claims_parameter_supported?: boolean; claims_supported: string[] };
    expect(metadata.claims_parameter_supported).toBe(true);
    const supported = metadata.claims_supported.filter((claim) => STANDARD_CLAIMS.includes(claim));
    expect(supported.length).toBeGreaterThan(0);
    const claims = { id_token: requestsFor(supported), userinfo: requestsFor(supported), [random()]: { [random()]: null } };

    const client = clients()[0]!;
    const key = await newDpopKey();
    const { code, checks } = await obtainCode(session.page, client, { dpop: key, params: { claims: JSON.stringify(claims) } });
    const tokens = await redeem(client, code, checks.verifier, key);
    expect(tokens.status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${issuer()}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.body.id_token as string, jwks, { issuer: issuer(), audience: client.client_id });
    expect(payload.nonce).toBe(checks.nonce);
    const info = await userinfo(tokens.body.access_token as string, key);
    expect(info.status).toBe(200);
    expect(info.headers.get("content-type")).toMatch(/^application\/json/);
    expect(info.body.sub).toBe(payload.sub);
    if ("updated_at" in info.body) expect(info.body.updated_at).toEqual(expect.any(Number));
    // The scope (openid phone) releases the phone claims; nothing the claims parameter named beyond the scopes leaks.
    expect(info.body.phone_number).toMatch(/^\+1/);
    expect(Object.keys(info.body).filter((name) => !STANDARD_CLAIMS.includes(name))).toEqual([]);
  });
});
