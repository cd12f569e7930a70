import { decodeJwt, SignJWT, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { withPartner } from "@/lib/http/route";
import { activeSigningKey, forgetSigningKeys } from "@/lib/keys/signing-keys";
import { apiRequest, BASE_URL, createTestClient } from "../support/fixtures";
import { createTestUser, postToken, revoke, signIn, verifyWithJwks } from "../support/oauth-fixtures";

let partner: CreatedClient;
let otherPartner: CreatedClient;
let spa: CreatedClient;

beforeAll(async () => {
  forgetSigningKeys();
  partner = await createTestClient();
  otherPartner = await createTestClient();
  spa = await createTestClient({ type: "public" });
});

function clientCredentials(client: CreatedClient, extra: Record<string, string> = {}) {
  return postToken(client, { grant_type: "client_credentials", ...extra });
}

describe("client_credentials grant", () => {
  it("gives a confidential partner an access token about itself, without refresh or id token", async () => {
    const { status, headers, body } = await clientCredentials(partner);
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600, scope: "" });
    const { payload, protectedHeader } = await verifyWithJwks(body.access_token, { audience: BASE_URL, typ: "at+jwt" });
    expect(protectedHeader).toMatchObject({ alg: "ES256", typ: "at+jwt", kid: (await activeSigningKey()).kid });
    expect(payload).toMatchObject({ iss: BASE_URL, sub: partner.client_id, aud: BASE_URL, client_id: partner.client_id, scope: "" });
    expect(payload).not.toHaveProperty("auth_method");
    expect(payload).not.toHaveProperty("auth_time");
    const row = await db().accessToken.findUniqueOrThrow({ where: { jti: payload.jti! } });
    expect(row).toMatchObject({ clientId: partner.client_id, userId: null, familyId: null, revokedAt: null });
  });

  it("also accepts client_secret_post", async () => {
    const result = await postToken({ ...partner, client_secret: null }, { grant_type: "client_credentials", client_id: partner.client_id, client_secret: partner.client_secret! });
    expect(result.status).toBe(200);
  });

  it("refuses public clients with unauthorized_client", async () => {
    const { status, body } = await clientCredentials(spa);
    expect(status).toBe(400);
    expect(body.error).toBe("unauthorized_client");
    expect(await db().accessToken.count({ where: { clientId: spa.client_id } })).toBe(0);
  });

  it("refuses user scopes: the token acts for the partner, not for a user", async () => {
    const { status, body } = await clientCredentials(partner, { scope: "openid phone" });
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_scope");
  });

  it("honours TRUSTGATE_ACCESS_TOKEN_TTL", async () => {
    process.env.TRUSTGATE_ACCESS_TOKEN_TTL = "120";
    try {
      const { body } = await clientCredentials(partner);
      expect(body.expires_in).toBe(120);
      const claims = decodeJwt(body.access_token);
      expect(claims.exp! - claims.iat!).toBe(120);
    } finally {
      delete process.env.TRUSTGATE_ACCESS_TOKEN_TTL;
    }
  });
});

describe("partner APIs with a Bearer client_credentials token", () => {
  const whoami = withPartner(async ({ partner: caller }) => ({ client_id: caller.client.id, method: caller.method }));
  const call = (authorization?: string) => whoami(apiRequest("/v1/whoami", { headers: authorization ? { Authorization: authorization } : {} }));

  it("authenticates the client the token was issued to", async () => {
    const { body } = await clientCredentials(partner);
    const response = await call(`Bearer ${body.access_token}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ client_id: partner.client_id, method: "bearer" });
  });

  it("refuses a user's access token: it is not a partner credential", async () => {
    const user = await createTestUser();
    const tokens = await signIn(partner, user);
    const response = await call(`Bearer ${tokens.access_token}`);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="trustgate", error="invalid_token"');
    expect(((await response.json()) as { error: string }).error).toBe("invalid_token");
  });

  it("refuses revoked, garbage and forged tokens", async () => {
    const { body } = await clientCredentials(partner);
    expect((await revoke(partner, body.access_token)).status).toBe(200);
    expect((await call(`Bearer ${body.access_token}`)).status).toBe(401);
    expect((await call("Bearer not.a.jwt")).status).toBe(401);
    expect((await call("Bearer ")).status).toBe(401);

    // Same claims, signed by a key that is not ours (and with our kid, to be sure).
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({ client_id: partner.client_id, scope: "", jti: "forged-jti" })
      .setProtectedHeader({ alg: "ES256", kid: (await activeSigningKey()).kid, typ: "at+jwt" })
      .setIssuer(BASE_URL)
      .setSubject(partner.client_id)
      .setAudience(partner.client_id)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    expect((await call(`Bearer ${forged}`)).status).toBe(401);
  });

  it("refuses the token once its client is disabled", async () => {
    const doomed = await createTestClient();
    const { body } = await clientCredentials(doomed);
    expect((await call(`Bearer ${body.access_token}`)).status).toBe(200);
    await db().client.update({ where: { id: doomed.client_id }, data: { disabledAt: new Date() } });
    expect((await call(`Bearer ${body.access_token}`)).status).toBe(401);
  });

  it("cross-partner-isolation: each token authenticates only its own client", async () => {
    const mine = (await clientCredentials(partner)).body.access_token;
    const theirs = (await clientCredentials(otherPartner)).body.access_token;
    expect(await (await call(`Bearer ${mine}`)).json()).toMatchObject({ client_id: partner.client_id });
    expect(await (await call(`Bearer ${theirs}`)).json()).toMatchObject({ client_id: otherPartner.client_id });
  });

  it("cannot be used to authenticate at the token endpoint", async () => {
    const { body } = await clientCredentials(partner);
    const response = await tokenRoute(
      apiRequest("/v1/oauth/token", {
        method: "POST",
        headers: { Authorization: `Bearer ${body.access_token}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      }),
    );
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe("invalid_client");
  });
});
