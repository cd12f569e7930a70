import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { CreatedClient } from "@/lib/clients/create-client";
import { db } from "@/lib/db";
import { forgetSigningKeys } from "@/lib/keys/signing-keys";
import { hashRefreshToken } from "@/lib/oauth/mint-refresh-token";
import { createTestClient } from "../support/fixtures";
import { createTestUser, introspect, refresh, signIn, type TestUser } from "../support/oauth-fixtures";

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

function row(token: string) {
  return db().refreshToken.findUniqueOrThrow({ where: { tokenHash: hashRefreshToken(token) } });
}

describe("refresh_token grant", () => {
  it("rotates the refresh token on every use, within one family", async () => {
    const first = await signIn(partner, user, { scope: "openid phone", authMethod: "passkey" });
    const second = await refresh(partner, first.refresh_token!);
    expect(second.status).toBe(200);
    expect(second.headers.get("cache-control")).toBe("no-store");
    expect(second.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "openid phone" });
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);

    const [old, next] = [await row(first.refresh_token!), await row(second.body.refresh_token!)];
    expect(old.rotatedAt).not.toBeNull();
    expect(next).toMatchObject({ familyId: old.familyId, rotatedAt: null, revokedAt: null, authMethod: "passkey" });
    // The way the user signed in travels with the grant; a refreshed id_token carries no nonce.
    expect(decodeJwt(second.body.access_token)).toMatchObject({ auth_method: "passkey", auth_time: decodeJwt(first.access_token).auth_time });
    const idToken = decodeJwt(second.body.id_token!);
    expect(idToken).toMatchObject({ sub: user.id, amr: ["hwk", "user"], phone_number: user.phone });
    expect(idToken).not.toHaveProperty("nonce");
    // The earlier access token stays valid until it expires: rotation is not revocation.
    expect((await introspect(partner, first.access_token)).body.active).toBe(true);
  });

  it("works for public clients with their client_id alone", async () => {
    const first = await signIn(spa, user);
    expect((await refresh(spa, first.refresh_token!)).status).toBe(200);
  });

  it("refresh-reuse-revokes-family: presenting a rotated token revokes every token of the grant", async () => {
    const first = await signIn(partner, user);
    const second = await refresh(partner, first.refresh_token!);
    const third = await refresh(partner, second.body.refresh_token!);
    expect(third.status).toBe(200);

    const reuse = await refresh(partner, first.refresh_token!);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe("invalid_grant");

    expect((await refresh(partner, third.body.refresh_token!)).body.error).toBe("invalid_grant");
    for (const access of [first.access_token, second.body.access_token, third.body.access_token]) {
      expect((await introspect(partner, access)).body).toEqual({ active: false });
    }
    expect((await introspect(partner, third.body.refresh_token!)).body).toEqual({ active: false });
    const { familyId } = await row(first.refresh_token!);
    expect(await db().refreshToken.count({ where: { familyId, revokedAt: null } })).toBe(0);
    const events = await db().auditEvent.findMany({ where: { type: "refresh_token.reused", subjectId: familyId } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ clientId: partner.client_id, userId: user.id });
    expect(events[0]!.data).toEqual({ revoked: { refresh_tokens: 3, access_tokens: 3 } });
  });

  it("leaves other families of the same user alone", async () => {
    const victim = await signIn(partner, user);
    const bystander = await signIn(partner, user);
    await refresh(partner, victim.refresh_token!);
    await refresh(partner, victim.refresh_token!);
    expect((await refresh(partner, bystander.refresh_token!)).status).toBe(200);
  });

  it("20 parallel refreshes of one token: exactly one succeeds", async () => {
    const first = await signIn(partner, user);
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(partner, first.refresh_token!)));
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    expect(results.filter((result) => result.status === 400 && result.body.error === "invalid_grant")).toHaveLength(19);
    const { familyId } = await row(first.refresh_token!);
    // One rotation happened; the concurrent presentations were reuse, so the family is revoked.
    expect(await db().refreshToken.count({ where: { familyId } })).toBe(2);
    expect(await db().refreshToken.count({ where: { familyId, revokedAt: null } })).toBe(0);
  });

  it("narrows the scope on request, and the next refresh may ask for the full grant again", async () => {
    const first = await signIn(partner, user, { scope: "openid phone profile" });
    const narrowed = await refresh(partner, first.refresh_token!, "openid");
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe("openid");
    expect(decodeJwt(narrowed.body.access_token).scope).toBe("openid");
    expect(decodeJwt(narrowed.body.id_token!)).not.toHaveProperty("phone_number");
    const full = await refresh(partner, narrowed.body.refresh_token!);
    expect(full.body.scope).toBe("openid phone profile");
  });

  it("refuses to widen the scope, and the token stays usable", async () => {
    const first = await signIn(partner, user, { scope: "openid" });
    const widened = await refresh(partner, first.refresh_token!, "openid phone");
    expect(widened.status).toBe(400);
    expect(widened.body.error).toBe("invalid_scope");
    expect((await row(first.refresh_token!)).rotatedAt).toBeNull();
    expect((await refresh(partner, first.refresh_token!)).status).toBe(200);
  });

  it("cross-partner-isolation: another client's refresh token is invalid_grant and is left untouched", async () => {
    const first = await signIn(partner, user);
    const stolen = await refresh(otherPartner, first.refresh_token!);
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe("invalid_grant");
    expect(await row(first.refresh_token!)).toMatchObject({ rotatedAt: null, revokedAt: null });
    expect((await refresh(partner, first.refresh_token!)).status).toBe(200);
  });

  it("refuses expired, revoked and unknown refresh tokens", async () => {
    const expired = await signIn(partner, user);
    await db().refreshToken.update({ where: { tokenHash: hashRefreshToken(expired.refresh_token!) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await refresh(partner, expired.refresh_token!)).body.error).toBe("invalid_grant");

    const revoked = await signIn(partner, user);
    await db().refreshToken.update({ where: { tokenHash: hashRefreshToken(revoked.refresh_token!) }, data: { revokedAt: new Date() } });
    expect((await refresh(partner, revoked.refresh_token!)).body.error).toBe("invalid_grant");

    expect((await refresh(partner, "tgr_not-a-token")).body.error).toBe("invalid_grant");
  });

  it.each(["rejected", "suspended"] as const)("refuses to refresh for a user who is now %s", async (status) => {
    const member = await createTestUser();
    const first = await signIn(partner, member);
    await db().user.update({ where: { id: member.id }, data: { status } });
    const result = await refresh(partner, first.refresh_token!);
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("invalid_grant");
    expect((await row(first.refresh_token!)).rotatedAt).toBeNull();
  });

  it("honours TRUSTGATE_REFRESH_TOKEN_TTL", async () => {
    process.env.TRUSTGATE_REFRESH_TOKEN_TTL = "600";
    try {
      const first = await signIn(partner, user);
      const stored = await row(first.refresh_token!);
      expect(Math.round((stored.expiresAt.getTime() - stored.createdAt.getTime()) / 1000)).toBeGreaterThanOrEqual(599);
      expect(Math.round((stored.expiresAt.getTime() - stored.createdAt.getTime()) / 1000)).toBeLessThanOrEqual(601);
    } finally {
      delete process.env.TRUSTGATE_REFRESH_TOKEN_TTL;
    }
    const defaults = await row((await signIn(partner, user)).refresh_token!);
    expect(defaults.expiresAt.getTime() - defaults.createdAt.getTime()).toBeGreaterThan(9.9 * 24 * 3600 * 1000);
  });
});
