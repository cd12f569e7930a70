// Client secret rotation with a grace period (issue 19): the old secret keeps working until the
// grace ends, then stops; without a grace it stops at once; at most two secrets are ever valid.
// The clock moves through the database row (previous_secret_expires_at), never by sleeping.
import { beforeEach, describe, expect, it } from "vitest";
import { POST as tokenRoute } from "@/app/v1/oauth/token/route";
import { rotateClientSecret } from "@/lib/clients/rotate-secret";
import type { CreatedClient } from "@/lib/clients/create-client";
import { CLIENT_SECRET_ROTATION_GRACE_S } from "@/lib/config/limits";
import { db } from "@/lib/db";
import { basicAuth, createTestClient, formRequest } from "../support/fixtures";

let partner: CreatedClient;
let ipCounter = 0;

beforeEach(async () => {
  partner = await createTestClient();
});

async function grant(secret: string, clientId = partner.client_id): Promise<number> {
  ipCounter += 1;
  const response = await tokenRoute(formRequest("/v1/oauth/token", { grant_type: "client_credentials" }, { headers: { Authorization: basicAuth(clientId, secret) }, ip: `198.51.100.${ipCounter % 250}` }));
  return response.status;
}

describe("client secret rotation", () => {
  it("rotation-grace-period: the old secret works during the grace, both are valid, the rotation is audited with its end", async () => {
    const before = Date.now();
    const rotated = await rotateClientSecret(partner.client_id, { type: "admin", id: null }, { graceS: CLIENT_SECRET_ROTATION_GRACE_S });
    expect(await grant(partner.client_secret!)).toBe(200);
    expect(await grant(rotated.client_secret)).toBe(200);
    const until = rotated.previous_secret_valid_until!;
    expect(until.getTime() - before).toBeGreaterThanOrEqual(CLIENT_SECRET_ROTATION_GRACE_S * 1000 - 1000);
    const event = await db().auditEvent.findFirstOrThrow({ where: { type: "client.secret_rotated", clientId: partner.client_id } });
    expect(event.data).toMatchObject({ previous_secret_valid_until: until.toISOString(), grace_s: CLIENT_SECRET_ROTATION_GRACE_S });
  });

  it("rotation-grace-ends: once the grace is over the old secret is refused (clock moved through the row)", async () => {
    const rotated = await rotateClientSecret(partner.client_id, { type: "cli" }, { graceS: CLIENT_SECRET_ROTATION_GRACE_S });
    await db().$executeRaw`UPDATE clients SET previous_secret_expires_at = now() - interval '1 second' WHERE id = ${partner.client_id}`;
    expect(await grant(partner.client_secret!)).toBe(401);
    expect(await grant(rotated.client_secret)).toBe(200);
  });

  it("without a grace (a leaked secret) the old secret stops at once", async () => {
    const rotated = await rotateClientSecret(partner.client_id, { type: "cli" });
    expect(rotated.previous_secret_valid_until).toBeNull();
    expect(await grant(partner.client_secret!)).toBe(401);
    expect(await grant(rotated.client_secret)).toBe(200);
  });

  it("a second rotation during the grace retires the oldest secret: never more than two are valid", async () => {
    const second = await rotateClientSecret(partner.client_id, { type: "cli" }, { graceS: CLIENT_SECRET_ROTATION_GRACE_S });
    const third = await rotateClientSecret(partner.client_id, { type: "cli" }, { graceS: CLIENT_SECRET_ROTATION_GRACE_S });
    expect(await grant(partner.client_secret!)).toBe(401);
    expect(await grant(second.client_secret)).toBe(200);
    expect(await grant(third.client_secret)).toBe(200);
  });

  it("a grace longer than the limit is cut to the limit, and another client's previous secret never works here", async () => {
    const rotated = await rotateClientSecret(partner.client_id, { type: "cli" }, { graceS: 10 * CLIENT_SECRET_ROTATION_GRACE_S });
    expect(rotated.previous_secret_valid_until!.getTime()).toBeLessThanOrEqual(Date.now() + CLIENT_SECRET_ROTATION_GRACE_S * 1000);
    const other = await createTestClient();
    expect(await grant(partner.client_secret!, other.client_id)).toBe(401);
  });
});
