// Attacks on sender-constraining and on key-based client authentication, one test per threat:
// DPoP proof replay, htm/htu mismatch, ath mismatch, a proof by another key, forged headers
// (private key, symmetric alg, wrong typ), stale proofs; private_key_jwt replay, wrong aud,
// expired or long-lived assertions, foreign keys; 20-way races on every one-time thing.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as userRoute } from "@/app/v1/user/route";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import type { CreatedClient } from "@/lib/clients/create-client";
import { apiRequest, basicAuth, BASE_URL, createTestClient, formRequest } from "../support/fixtures";
import { answerOf, assertionForm, clientAssertion, createKeyClient, dpopProof, newKeyPair, TOKEN_ENDPOINT, type FapiClient, type KeyPair } from "../support/fapi-fixtures";
import { createTestUser, mintCode, pkcePair, type TestUser } from "../support/oauth-fixtures";

let partner: CreatedClient;
let keyClient: FapiClient;
let user: TestUser;
let key: KeyPair;

beforeAll(async () => {
  partner = await createTestClient();
  keyClient = await createKeyClient({ fapi2: true });
  user = await createTestUser();
  key = await newKeyPair("ES256");
});

async function ccWithProof(proof: string) {
  return answerOf(await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials" }, { headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!), DPoP: proof } })));
}

// Failed client authentications are throttled per IP (30 per 10 minutes): each test its own address.
let ipCounter = 0;
const testIp = () => `198.51.100.${(ipCounter += 1) % 250}`;
let currentIp = testIp();
beforeEach(() => {
  currentIp = testIp();
});

async function ccWithAssertion(assertion: string, proof?: string) {
  return answerOf(
    await tokenRoute(
      formRequest("/v1/oauth/token", { grant_type: "client_credentials", client_id: keyClient.client_id, ...assertionForm(assertion) }, { headers: { DPoP: proof ?? (await dpopProof(keyClient.key)) }, ip: currentIp }),
    ),
  );
}

async function boundUserToken(): Promise<string> {
  const { verifier, challenge } = pkcePair();
  const code = await mintCode(partner, user, { challenge });
  const answer = await answerOf(
    await tokenRoute(
      formRequest(
        "/v1/oauth/token",
        { grant_type: "authorization_code", code, redirect_uri: partner.redirect_uris[0]!, code_verifier: verifier },
        { headers: { Authorization: basicAuth(partner.client_id, partner.client_secret!), DPoP: await dpopProof(key) } },
      ),
    ),
  );
  return answer.body.access_token as string;
}

function getUser(accessToken: string, proof: string) {
  return userRoute(apiRequest("/v1/user", { headers: { Authorization: `DPoP ${accessToken}`, DPoP: proof } })).then(answerOf);
}

describe("DPoP proofs (RFC 9449 §4.3, §11)", () => {
  it("dpop-proof-replay-refused", async () => {
    const proof = await dpopProof(key);
    expect((await ccWithProof(proof)).status).toBe(200);
    const replay = await ccWithProof(proof);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_dpop_proof");
  });

  it("dpop-proof-race: 20 parallel requests with one proof, exactly one token", async () => {
    const proof = await dpopProof(key);
    const answers = await Promise.all(Array.from({ length: 20 }, () => ccWithProof(proof)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.error === "invalid_dpop_proof")).toHaveLength(19);
  });

  it("dpop-htu-mismatch-refused (another endpoint, another host) and htm mismatch", async () => {
    expect((await ccWithProof(await dpopProof(key, { htu: `${BASE_URL}/v1/oauth/par` }))).body.error).toBe("invalid_dpop_proof");
    expect((await ccWithProof(await dpopProof(key, { htu: "https://evil.example/v1/oauth/token" }))).body.error).toBe("invalid_dpop_proof");
    expect((await ccWithProof(await dpopProof(key, { htm: "GET" }))).body.error).toBe("invalid_dpop_proof");
    // Query and fragment are not part of the comparison (§4.3 point 9).
    expect((await ccWithProof(await dpopProof(key, { htu: `${TOKEN_ENDPOINT}?x=1#f` }))).status).toBe(200);
  });

  it("dpop-forged-headers-refused: private key in jwk, symmetric alg, wrong typ, no jwk", async () => {
    const withPrivate = await dpopProof(key, { jwk: { ...key.publicJwk, d: "AAAA" } });
    expect((await ccWithProof(withPrivate)).body.error).toBe("invalid_dpop_proof");
    expect((await ccWithProof(await dpopProof(key, { typ: "JWT" }))).body.error).toBe("invalid_dpop_proof");
    const hs256 = await new SignJWT({ htm: "POST", htu: TOKEN_ENDPOINT, jti: randomUUID() })
      .setProtectedHeader({ alg: "HS256", typ: "dpop+jwt", jwk: { kty: "oct", k: "c2VjcmV0" } as never })
      .setIssuedAt()
      .sign(new TextEncoder().encode("secret-secret-secret-secret-32b!"));
    expect((await ccWithProof(hs256)).body.error).toBe("invalid_dpop_proof");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "dpop+jwt", jwk: key.publicJwk })).toString("base64url")}.${Buffer.from(JSON.stringify({ htm: "POST", htu: TOKEN_ENDPOINT, jti: randomUUID(), iat: Math.floor(Date.now() / 1000) })).toString("base64url")}.`;
    expect((await ccWithProof(none)).body.error).toBe("invalid_dpop_proof");
    // Signed by one key, naming another in the header.
    const other = await newKeyPair("ES256");
    expect((await ccWithProof(await dpopProof(key, { jwk: other.publicJwk }))).body.error).toBe("invalid_dpop_proof");
  });

  it("dpop-stale-or-future-proof-refused, within the clock-skew allowance accepted", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await ccWithProof(await dpopProof(key, { iat: now - 300 }))).body.error).toBe("invalid_dpop_proof");
    expect((await ccWithProof(await dpopProof(key, { iat: now + 120 }))).body.error).toBe("invalid_dpop_proof");
    expect((await ccWithProof(await dpopProof(key, { iat: now - 10 }))).status).toBe(200);
    expect((await ccWithProof(await dpopProof(key, { iat: now + 10 }))).status).toBe(200);
  });

  it("dpop-ath-mismatch-refused at the resource", async () => {
    const accessToken = await boundUserToken();
    const otherToken = await boundUserToken();
    const answer = await getUser(accessToken, await dpopProof(key, { htm: "GET", htu: `${BASE_URL}/v1/user`, accessToken: otherToken }));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_dpop_proof");
    const missing = await getUser(accessToken, await dpopProof(key, { htm: "GET", htu: `${BASE_URL}/v1/user` }));
    expect(missing.status).toBe(401);
  });

  it("dpop-wrong-key-refused at the resource: a stolen token with the thief's own key", async () => {
    const accessToken = await boundUserToken();
    const thief = await newKeyPair("ES256");
    const answer = await getUser(accessToken, await dpopProof(thief, { htm: "GET", htu: `${BASE_URL}/v1/user`, accessToken }));
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe("invalid_dpop_proof");
    const wrongHtu = await getUser(accessToken, await dpopProof(key, { htm: "GET", htu: `${BASE_URL}/v1/oauth/userinfo`, accessToken }));
    expect(wrongHtu.status).toBe(401);
    expect((await getUser(accessToken, await dpopProof(key, { htm: "GET", htu: `${BASE_URL}/v1/user`, accessToken }))).status).toBe(200);
  });
});

describe("private_key_jwt assertions (RFC 7523 §3)", () => {
  it("client-assertion-replay-refused", async () => {
    const assertion = await clientAssertion(keyClient.client_id, keyClient.key);
    expect((await ccWithAssertion(assertion)).status).toBe(200);
    const replay = await ccWithAssertion(assertion);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toBe("invalid_client");
  });

  it("client-assertion-race: 20 parallel requests with one assertion, exactly one token", async () => {
    const assertion = await clientAssertion(keyClient.client_id, keyClient.key);
    const answers = await Promise.all(Array.from({ length: 20 }, async () => ccWithAssertion(assertion)));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.error === "invalid_client")).toHaveLength(19);
  });

  it("client-assertion-wrong-aud-refused (FAPI 2.0: only the issuer, as a string)", async () => {
    for (const aud of ["https://evil.example", TOKEN_ENDPOINT, `${BASE_URL}/v1/oauth/par`, [BASE_URL, TOKEN_ENDPOINT], [`${BASE_URL}/v1/oauth/par`]]) {
      expect((await ccWithAssertion(await clientAssertion(keyClient.client_id, keyClient.key, { aud }))).status, JSON.stringify(aud)).toBe(401);
    }
  });

  it("client-assertion-expired-or-long-lived-refused, exp required", async () => {
    expect((await ccWithAssertion(await clientAssertion(keyClient.client_id, keyClient.key, { expIn: -300 }))).status).toBe(401);
    expect((await ccWithAssertion(await clientAssertion(keyClient.client_id, keyClient.key, { expIn: 3600 }))).status).toBe(401);
    expect((await ccWithAssertion(await clientAssertion(keyClient.client_id, keyClient.key, { expIn: null }))).status).toBe(401);
    expect((await ccWithAssertion(await clientAssertion(keyClient.client_id, keyClient.key, { iatIn: 120 }))).status).toBe(401);
    expect((await ccWithAssertion(await clientAssertion(keyClient.client_id, keyClient.key, { iatIn: 8 }))).status).toBe(200);
  });

  it("client-assertion-foreign-key-or-subject-refused", async () => {
    const attacker = await newKeyPair("ES256", keyClient.key.publicJwk.kid);
    expect((await ccWithAssertion(await clientAssertion(keyClient.client_id, keyClient.key, { key: attacker }))).status).toBe(401);
    expect((await ccWithAssertion(await clientAssertion(keyClient.client_id, keyClient.key, { iss: partner.client_id }))).status).toBe(401);
  });

  it("client-assertion-rs256-refused-for-fapi2 (FAPI 2.0 §5.4.1: PS256, ES256, EdDSA)", async () => {
    const rsaClient = await createKeyClient({ fapi2: true, alg: "RS256" });
    const answer = await answerOf(
      await tokenRoute(
        formRequest(
          "/v1/oauth/token",
          { grant_type: "client_credentials", client_id: rsaClient.client_id, ...assertionForm(await clientAssertion(rsaClient.client_id, rsaClient.key)) },
          { headers: { DPoP: await dpopProof(key) } },
        ),
      ),
    );
    expect(answer.status).toBe(401);
  });
});
