// JWT algorithm and claim confusion (RFC 8725 §2.1–2.8, ASVS 5.0 V9.1/V9.2, RFC 9700 §4.10): every
// forged, re-signed or tampered access token is refused by every place that accepts one — the
// user APIs (/v1/user, /v1/oauth/userinfo), introspection (active:false) and partner Bearer auth.
import { createHmac, createPublicKey, generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as userRoute } from "@/app/v1/user/route";
import { GET as intentsRoute } from "@/app/v1/user_intent/route";
import { GET as userinfoRoute } from "@/app/v1/oauth/userinfo/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { publishedJwks, activeSigningKey } from "@/lib/keys/signing-keys";
import { signEs256Jwt, signJwt } from "@/lib/keys/sign-jwt";
import { apiRequest, createTestClient } from "../support/fixtures";
import { createTestUser, introspect, postToken, signIn } from "../support/oauth-fixtures";

let partner: CreatedClient;
let other: CreatedClient;
let userToken: string;
let idToken: string;
let partnerToken: string;

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const parts = (token: string) => {
  const [header, payload] = token.split(".");
  return { header: JSON.parse(Buffer.from(header!, "base64url").toString()) as Record<string, unknown>, payload: JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown> };
};
const hs256 = (header: object, payload: object, key: Buffer | string) => {
  const input = `${b64({ ...header, alg: "HS256" })}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
};

/** Forgeries of `token`, each labelled; `real` re-signs with Trustgate's own key (what only a key thief could do). */
async function forgeries(token: string): Promise<[string, string][]> {
  const { header, payload } = parts(token);
  const { keys } = await publishedJwks();
  const jwk = keys.find((key) => key.kid === header.kid)!;
  const { kty, crv, x, y } = jwk;
  const pem = createPublicKey({ key: { kty, crv, x, y }, format: "jwk" }).export({ type: "spki", format: "pem" }) as string;
  const der = createPublicKey({ key: { kty, crv, x, y }, format: "jwk" }).export({ type: "spki", format: "der" });
  const attacker = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const attackerJwk = attacker.publicKey.export({ format: "jwk" });
  const active = await activeSigningKey();
  const rsa = await activeSigningKey("RS256");
  const real = (claims: object, typ = "at+jwt") => signEs256Jwt({ kid: active.kid, typ }, claims, active.privateKey);
  const now = Math.floor(Date.now() / 1000);
  const [h, , s] = token.split(".");
  return [
    ["alg none", `${b64({ ...header, alg: "none" })}.${b64(payload)}.`],
    ["alg None", `${b64({ ...header, alg: "None" })}.${b64(payload)}.`],
    ["alg none with the original signature", `${b64({ ...header, alg: "none" })}.${b64(payload)}.${s}`],
    ["HS256 keyed with the public JWK (JSON)", hs256(header, payload, JSON.stringify(jwk))],
    ["HS256 keyed with the public JWK (x, y only)", hs256(header, payload, JSON.stringify({ kty, crv, x, y }))],
    ["HS256 keyed with the public key PEM", hs256(header, payload, pem)],
    ["HS256 keyed with the public key DER", hs256(header, payload, der)],
    ["HS256 keyed with an empty key", hs256(header, payload, "")],
    ["attacker ES256 key under Trustgate's kid", signEs256Jwt({ kid: String(header.kid), typ: "at+jwt" }, payload, attacker.privateKey)],
    ["attacker key embedded as jwk header", signEs256Jwt({ kid: String(header.kid), typ: "at+jwt", jwk: attackerJwk } as never, payload, attacker.privateKey)],
    ["attacker key via jku header", signEs256Jwt({ kid: "attacker", typ: "at+jwt", jku: "https://evil.example/jwks.json" } as never, payload, attacker.privateKey)],
    ["unknown kid", real(payload).replace(/^[^.]+/, b64({ ...header, kid: "no-such-kid" }))],
    ["no kid", `${b64({ alg: "ES256", typ: "at+jwt" })}.${token.split(".").slice(1).join(".")}`],
    ["tampered payload (other sub)", `${h}.${b64({ ...payload, sub: "00000000-0000-4000-8000-000000000000" })}.${s}`],
    ["tampered payload (wider scope)", `${h}.${b64({ ...payload, scope: `${String(payload.scope)} admin` })}.${s}`],
    ["tampered payload (later exp)", `${h}.${b64({ ...payload, exp: now + 86_400 * 365 })}.${s}`],
    ["truncated signature", token.slice(0, -10)],
    ["signature from another token", `${h}.${token.split(".")[1]}.${idToken.split(".")[2]}`],
    ["expired (Trustgate's key)", real({ ...payload, iat: now - 7200, exp: now - 3600 })],
    ["wrong iss (Trustgate's key)", real({ ...payload, iss: "https://evil.example" })],
    ["wrong aud (Trustgate's key)", real({ ...payload, aud: other.client_id })],
    ["wrong client_id (Trustgate's key)", real({ ...payload, client_id: other.client_id, aud: other.client_id })],
    ["unknown jti (Trustgate's key)", real({ ...payload, jti: "made-up-jti" })],
    ["wrong typ (Trustgate's key)", real(payload, "JWT")],
    // Access tokens are ES256 only: Trustgate's RSA key signs ID tokens, never an access token.
    ["RS256 with Trustgate's own RSA (ID token) key", signJwt("RS256", { kid: rsa.kid, typ: "at+jwt" }, payload, rsa.privateKey)],
    ["an id_token used as an access token", idToken],
    ["not a JWT", "definitely-not-a-jwt"],
    ["oversized token", `${h}.${"A".repeat(10_000)}.${s}`],
  ];
}

beforeAll(async () => {
  [partner, other] = await Promise.all([createTestClient(), createTestClient()]);
  const user = await createTestUser();
  const tokens = await signIn(partner, user, { scope: "openid phone" });
  userToken = tokens.access_token;
  idToken = tokens.id_token!;
  const cc = await postToken(partner, { grant_type: "client_credentials" });
  partnerToken = cc.body.access_token;
});

/** Introspection says active:false — or, for a token over the 4 KiB input bound, refuses the request outright. */
function inactive(answer: { status: number; body: Record<string, unknown> }): boolean {
  if (answer.status === 400 && answer.body.error === "invalid_request") return false;
  return answer.body.active as boolean;
}

const bearer = (path: string, token: string) => apiRequest(path, { headers: { Authorization: `Bearer ${token}` } });

describe("JWT alg confusion and tampering", () => {
  it("the genuine tokens are accepted (control)", async () => {
    expect((await userRoute(bearer("/v1/user", userToken))).status).toBe(200);
    expect((await userinfoRoute(bearer("/v1/oauth/userinfo", userToken))).status).toBe(200);
    expect((await introspect(partner, userToken)).body.active).toBe(true);
    expect((await intentsRoute(bearer("/v1/user_intent", partnerToken))).status).toBe(200);
  });

  it("jwt-confusion-user-token: every forgery is refused by /v1/user, /v1/oauth/userinfo and introspection", async () => {
    const refused: string[] = [];
    for (const [label, forged] of await forgeries(userToken)) {
      const user = await userRoute(bearer("/v1/user", forged));
      const userinfo = await userinfoRoute(bearer("/v1/oauth/userinfo", forged));
      const introspection = await introspect(partner, forged);
      expect({ label, user: user.status, userinfo: userinfo.status, active: inactive(introspection) }).toEqual({ label, user: 401, userinfo: 401, active: false });
      const body = (await user.json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["error", "error_description"]);
      expect(user.headers.get("www-authenticate")).toMatch(/^Bearer /);
      refused.push(label);
    }
    expect(refused.length).toBeGreaterThanOrEqual(25);
  });

  it("jwt-confusion-partner-bearer: every forgery of a client_credentials token is refused by partner APIs", async () => {
    for (const [label, forged] of await forgeries(partnerToken)) {
      const response = await intentsRoute(bearer("/v1/user_intent", forged));
      expect({ label, status: response.status }).toEqual({ label, status: 401 });
      expect(inactive(await introspect(partner, forged))).toBe(false);
    }
  });
});
