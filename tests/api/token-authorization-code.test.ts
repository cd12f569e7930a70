import { decodeJwt, decodeProtectedHeader } from "jose";
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { onDomainEvent, recordableInline, type DomainEvent } from "@/lib/events/emit";
import { hashAuthorizationCode } from "@/lib/oauth/authorization-code";
import { forgetSigningKeys } from "@/lib/keys/signing-keys";
import { BASE_URL, createTestClient } from "../support/fixtures";
import { createTestUser, introspect, mintCode, pkcePair, redeemCode, refresh, signIn, verifyWithJwks, type TestUser } from "../support/oauth-fixtures";

let partner: CreatedClient;
let otherPartner: CreatedClient;
let spa: CreatedClient;
let user: TestUser;

beforeAll(async () => {
  forgetSigningKeys();
  partner = await createTestClient();
  otherPartner = await createTestClient();
  spa = await createTestClient({ type: "public" });
  user = await createTestUser();
});

async function codeRow(code: string) {
  return db().authorizationCode.findUniqueOrThrow({ where: { codeHash: hashAuthorizationCode(code) } });
}

async function tokensFromCode(code: string) {
  const { id } = await codeRow(code);
  return {
    access: await db().accessToken.count({ where: { authorizationCodeId: id } }),
    refresh: await db().refreshToken.count({ where: { authorizationCodeId: id } }),
  };
}

describe("authorization_code grant", () => {
  it("exchanges a code with PKCE for an access token, a refresh token and a verifiable id_token", async () => {
    const { verifier, challenge } = pkcePair();
    const authTime = new Date(Date.now() - 30_000);
    const code = await mintCode(partner, user, { challenge, scope: "openid phone", nonce: "nonce-123", authTime });
    expect(code.length).toBeGreaterThanOrEqual(43); // ≥ 256 bits, base64url

    const { status, headers, body } = await redeemCode(partner, code, { verifier });
    expect(status).toBe(200);
    expect(headers.get("cache-control")).toBe("no-store");
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "openid phone" });
    expect(body.refresh_token).toMatch(/^tgr_[A-Za-z0-9_-]{43}$/);

    const access = await verifyWithJwks(body.access_token, { audience: BASE_URL, typ: "at+jwt" });
    expect(access.protectedHeader).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    expect(access.payload).toMatchObject({
      iss: BASE_URL,
      sub: user.id,
      // RFC 9068 §3: no resource asked for → Trustgate's own APIs, named by the issuer.
      aud: BASE_URL,
      client_id: partner.client_id,
      scope: "openid phone",
      auth_method: "sms_otp",
      auth_time: Math.floor(authTime.getTime() / 1000),
    });
    expect(access.payload.exp! - access.payload.iat!).toBe(3600);
    expect(access.payload.jti).toEqual(expect.any(String));

    const id = await verifyWithJwks(body.id_token!, { audience: partner.client_id, typ: "JWT" });
    // New clients sign ID tokens with RS256 (OpenID Connect Registration §2 default).
    expect(id.protectedHeader.alg).toBe("RS256");
    expect(id.payload).toMatchObject({
      iss: BASE_URL,
      sub: user.id,
      aud: partner.client_id,
      nonce: "nonce-123",
      auth_time: Math.floor(authTime.getTime() / 1000),
      auth_method: "sms_otp",
      amr: ["otp", "sms"],
      phone_number: user.phone,
      phone_number_verified: true,
    });
    const digest = createHash("sha256").update(body.access_token).digest();
    expect(id.payload.at_hash).toBe(digest.subarray(0, 16).toString("base64url"));

    const row = await db().accessToken.findUniqueOrThrow({ where: { jti: access.payload.jti! } });
    expect(row).toMatchObject({ clientId: partner.client_id, userId: user.id, scope: "openid phone", revokedAt: null });
    const stored = await codeRow(code);
    expect(stored.consumedAt).not.toBeNull();
    expect(JSON.stringify(await db().authorizationCode.findMany())).not.toContain(code);
    expect(JSON.stringify(await db().refreshToken.findMany())).not.toContain(body.refresh_token!);
    expect(await db().auditEvent.count({ where: { type: "authorization_code.redeemed", subjectId: stored.id } })).toBe(1);
  });

  it("issues no id_token without openid, and no phone claims without phone", async () => {
    const plain = await signIn(partner, user, { scope: "profile" });
    expect(plain.id_token).toBeUndefined();
    expect(plain.refresh_token).toBeDefined();
    const openidOnly = await signIn(partner, user, { scope: "openid", nonce: null, authMethod: "passkey" });
    const claims = decodeJwt(openidOnly.id_token!);
    expect(claims).not.toHaveProperty("phone_number");
    expect(claims).not.toHaveProperty("nonce");
    expect(claims.amr).toEqual(["hwk", "user"]);
    expect(decodeJwt(openidOnly.access_token).auth_method).toBe("passkey");
  });

  it("lets a public client redeem a PKCE code with its client_id alone", async () => {
    const result = await signIn(spa, user);
    expect(decodeProtectedHeader(result.access_token).typ).toBe("at+jwt");
    expect(decodeJwt(result.access_token).client_id).toBe(spa.client_id);
  });

  it("code-replay-revokes-tokens: a second use fails and revokes everything issued from the code", async () => {
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(partner, user, { challenge });
    const first = await redeemCode(partner, code, { verifier });
    expect(first.status).toBe(200);
    // The grant lives on through a rotation: the rotated-in tokens must fall too.
    const rotated = await refresh(partner, first.body.refresh_token!);
    expect(rotated.status).toBe(200);

    const replay = await redeemCode(partner, code, { verifier });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    expect(replay.body).not.toHaveProperty("access_token");

    for (const token of [first.body.access_token, rotated.body.access_token]) expect((await introspect(partner, token)).body).toEqual({ active: false });
    expect((await refresh(partner, rotated.body.refresh_token!)).body.error).toBe("invalid_grant");
    const { id } = await codeRow(code);
    expect(await db().accessToken.count({ where: { authorizationCodeId: id, revokedAt: null } })).toBe(0);
    expect(await db().refreshToken.count({ where: { authorizationCodeId: id, revokedAt: null } })).toBe(0);
    const events = await db().auditEvent.findMany({ where: { type: "authorization_code.replayed", subjectId: id } });
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({ revoked: { refresh_tokens: 2, access_tokens: 2 } });
  });

  it("pkce-downgrade-rejected: a verifier for a code issued without a challenge is refused", async () => {
    const code = await mintCode(partner, user, { challenge: null });
    const result = await redeemCode(partner, code, { verifier: pkcePair().verifier });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("invalid_grant");
    expect(result.body.error_description).toMatch(/code_challenge/);
    expect(await tokensFromCode(code)).toEqual({ access: 0, refresh: 0 });
  });

  it("refuses a wrong or missing code_verifier, and a malformed one as invalid_request", async () => {
    const { challenge } = pkcePair();
    const code = await mintCode(partner, user, { challenge });
    const wrong = await redeemCode(partner, code, { verifier: pkcePair().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe("invalid_grant");
    expect((await redeemCode(partner, code)).body.error).toBe("invalid_grant");
    const malformed = await redeemCode(partner, code, { verifier: "too-short" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe("invalid_request");
    expect(await tokensFromCode(code)).toEqual({ access: 0, refresh: 0 });
  });

  it("refuses a public client's code that was issued without PKCE", async () => {
    const code = await mintCode(spa, user, { challenge: null });
    const result = await redeemCode(spa, code);
    expect(result.body.error).toBe("invalid_grant");
    expect(await tokensFromCode(code)).toEqual({ access: 0, refresh: 0 });
  });

  it("refuses a redirect_uri that differs from the authorization request's", async () => {
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(partner, user, { challenge });
    const result = await redeemCode(partner, code, { verifier, redirectUri: `${partner.redirect_uris[0]}/other` });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("invalid_grant");
    expect(result.body.error_description).toMatch(/redirect_uri/);
    expect((await redeemCode(partner, code, { verifier })).status).toBe(200);
  });

  it("refuses an expired code", async () => {
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(partner, user, { challenge });
    const row = await codeRow(code);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(60_000);
    await db().authorizationCode.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    const result = await redeemCode(partner, code, { verifier });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("invalid_grant");
    expect(await tokensFromCode(code)).toEqual({ access: 0, refresh: 0 });
  });

  it("cross-partner-isolation: another client's code is invalid for this one and stays usable by its owner", async () => {
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(partner, user, { challenge });
    const stolen = await redeemCode(otherPartner, code, { verifier, redirectUri: partner.redirect_uris[0] });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe("invalid_grant");
    expect((await codeRow(code)).consumedAt).toBeNull();
    expect((await redeemCode(partner, code, { verifier })).status).toBe(200);
  });

  it("refuses unknown codes", async () => {
    const result = await redeemCode(partner, "not-a-code-we-issued");
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("invalid_grant");
  });

  it.each(["rejected", "suspended"] as const)("refuses tokens to a user who is now %s", async (status) => {
    const blocked = await createTestUser();
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(partner, blocked, { challenge });
    await db().user.update({ where: { id: blocked.id }, data: { status } });
    const result = await redeemCode(partner, code, { verifier });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("invalid_grant");
    expect(await tokensFromCode(code)).toEqual({ access: 0, refresh: 0 });
  });

  it("issues tokens to users whose review is still open (pending, retry, document)", async () => {
    for (const status of ["pending", "retry", "document"] as const) {
      const reviewing = await createTestUser({ status });
      expect((await signIn(partner, reviewing)).access_token).toBeDefined();
    }
  });

  it("20 parallel redemptions of one code: exactly one succeeds, and the double use revokes its tokens", async () => {
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(partner, user, { challenge });
    const results = await Promise.all(Array.from({ length: 20 }, () => redeemCode(partner, code, { verifier })));
    const winners = results.filter((result) => result.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result.status === 400 && result.body.error === "invalid_grant")).toHaveLength(19);
    expect(await tokensFromCode(code)).toEqual({ access: 1, refresh: 1 });
    expect((await introspect(partner, winners[0]!.body.access_token)).body).toEqual({ active: false });
  });

  it("records the redemption in the same statement: one audit row with the request's details, none for the losers", async () => {
    const { verifier, challenge } = pkcePair();
    const code = await mintCode(partner, user, { challenge, scope: "openid phone" });
    const results = await Promise.all(Array.from({ length: 10 }, () => redeemCode(partner, code, { verifier })));
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    const { id } = await codeRow(code);
    const events = await db().auditEvent.findMany({ where: { type: "authorization_code.redeemed", subjectId: id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: "client",
      actorId: partner.client_id,
      clientId: partner.client_id,
      userId: user.id,
      ip: expect.any(String),
      requestId: expect.any(String),
      data: { scope: "openid phone", auth_method: "sms_otp" },
    });
  });

  it("with a subscriber to domain events, redeems in a transaction that runs it (same answer, same rows)", async () => {
    const seen: DomainEvent[] = [];
    const unsubscribe = onDomainEvent(async (_tx, event) => {
      seen.push(event);
    });
    try {
      expect(recordableInline("authorization_code.redeemed")).toBe(false);
      const { verifier, challenge } = pkcePair();
      const code = await mintCode(partner, user, { challenge });
      const results = await Promise.all(Array.from({ length: 5 }, () => redeemCode(partner, code, { verifier })));
      expect(results.filter((result) => result.status === 200)).toHaveLength(1);
      const { id } = await codeRow(code);
      expect(await tokensFromCode(code)).toEqual({ access: 1, refresh: 1 });
      expect(await db().auditEvent.count({ where: { type: "authorization_code.redeemed", subjectId: id } })).toBe(1);
      expect(seen.filter((event) => event.type === "authorization_code.redeemed" && event.subjectId === id)).toHaveLength(1);
    } finally {
      unsubscribe();
    }
    expect(recordableInline("authorization_code.redeemed")).toBe(true);
    // Events with webhook deliveries always go through emit().
    expect(recordableInline("user.updated")).toBe(false);
  });
});
