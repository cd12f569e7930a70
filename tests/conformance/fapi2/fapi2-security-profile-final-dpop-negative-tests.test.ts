// fapi2-security-profile-final-dpop-negative-tests — malformed DPoP proofs at the token endpoint are refused: wrong typ, alg none, htm/htu mismatch, stale iat, private key in jwk, replay.
// FAPI 2.0 Security Profile final test plan (OpenID Foundation), re-enacted against the production build.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { CLIENT_ASSERTION_TYPE, clientAssertion, clients, dpopProof, endpoints, newDpopKey, pkce, post } from "./fapi-client";

async function tokenWith(proof: string) {
  const client = clients()[0]!;
  return post(
    endpoints().token,
    {
      grant_type: "authorization_code",
      code: "x",
      redirect_uri: client.redirect_uri,
      client_id: client.client_id,
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await clientAssertion(client),
      code_verifier: pkce().verifier,
    },
    { DPoP: proof },
  );
}

describe("fapi2-security-profile-final-dpop-negative-tests", () => {
  it("each broken proof gets invalid_dpop_proof", async () => {
    const key = await newDpopKey();
    const sign = (header: Record<string, unknown>, claims: Record<string, unknown>) =>
      new SignJWT({ htm: "POST", htu: endpoints().token, jti: randomUUID(), ...claims })
        .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.publicJwk, ...header })
        .setIssuedAt(typeof claims.iat === "number" ? claims.iat : Math.floor(Date.now() / 1000))
        .sign(key.privateKey);
    const broken = {
      "typ JWT": await sign({ typ: "JWT" }, {}),
      "htm GET": await sign({}, { htm: "GET" }),
      "htu of another endpoint": await sign({}, { htu: endpoints().par }),
      "iat an hour ago": await sign({}, { iat: Math.floor(Date.now() / 1000) - 3600 }),
      "no jti": await new SignJWT({ htm: "POST", htu: endpoints().token }).setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.publicJwk }).setIssuedAt().sign(key.privateKey),
      "private key in jwk": await sign({ jwk: { ...key.publicJwk, d: "AAAA" } }, {}),
      "alg none": `${Buffer.from(JSON.stringify({ alg: "none", typ: "dpop+jwt", jwk: key.publicJwk })).toString("base64url")}.${Buffer.from(JSON.stringify({ htm: "POST", htu: endpoints().token, jti: randomUUID(), iat: Math.floor(Date.now() / 1000) })).toString("base64url")}.`,
    };
    for (const [what, proof] of Object.entries(broken)) {
      const answer = await tokenWith(proof);
      expect(answer.status, what).toBe(400);
      expect(answer.body.error, what).toBe("invalid_dpop_proof");
    }
    // A valid proof, then the same proof again: the replay is refused even though the grant fails.
    const proof = await dpopProof(key, "POST", endpoints().token);
    expect((await tokenWith(proof)).body.error).toBe("invalid_grant");
    expect((await tokenWith(proof)).body.error).toBe("invalid_dpop_proof");
  });
});
