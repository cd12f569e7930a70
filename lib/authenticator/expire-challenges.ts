// Challenges nobody looks at still expire on time: every instance sweeps late PENDING challenges
// (each moves to EXPIRED with one conditional UPDATE, so several instances emit one event).
import { db } from "@/lib/db";
import { authenticatorNow } from "./clock";
import { markLateChallengeExpired } from "./find-challenge";

const BATCH = 200;

export async function expireLateChallenges(nowMs = authenticatorNow()): Promise<number> {
  const late = await db().authenticatorChallenge.findMany({ where: { status: "PENDING", expiresAt: { lte: new Date(nowMs) } }, orderBy: { expiresAt: "asc" }, take: BATCH });
  let expired = 0;
  for (const challenge of late) {
    const { changed } = await db().$transaction((tx) => markLateChallengeExpired(tx, challenge, nowMs, {}));
    if (changed) expired += 1;
  }
  return expired;
}
