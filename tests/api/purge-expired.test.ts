import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { purgeExpired } from "@/lib/maintenance/purge-expired";

const DAY = 24 * 3600 * 1000;

describe("purge of expired rows", () => {
  it("deletes what expired more than a day ago and keeps the rest", async () => {
    const now = Date.now();
    const old = new Date(now - 2 * DAY);
    const recent = new Date(now - 3600 * 1000);
    const base = { clientId: "c", scope: "openid" };
    await db().accessToken.createMany({
      data: [
        { ...base, jti: "old", expiresAt: old },
        { ...base, jti: "recent", expiresAt: recent },
      ],
    });
    await db().smsCode.createMany({
      data: [
        { phone: "+14155552671", codeHash: "x", expiresAt: old },
        { phone: "+14155552671", codeHash: "y", expiresAt: new Date(now + 60_000) },
      ],
    });
    const session = { userId: "00000000-0000-4000-8000-000000000001", phone: "+14155552671", authMethod: "sms_otp" as const, authTime: old, lastSeenAt: old };
    await db().userSession.createMany({
      data: [
        { ...session, tokenHash: "old", expiresAt: old },
        { ...session, tokenHash: "live", expiresAt: new Date(now + 60_000) },
      ],
    });
    const counts = await purgeExpired(new Date(now));
    expect(counts.userSessions).toBe(1);
    expect(counts.accessTokens).toBe(1);
    expect(counts.smsCodes).toBe(1);
    expect((await db().accessToken.findMany()).map((row) => row.jti)).toEqual(["recent"]);
    expect(await db().smsCode.count()).toBe(1);
  });
});
