// Signing out on Trustgate's own pages ("Sign out", "Not you? Use another number"): the session
// row ends (a copied cookie stops working at once) and the partners it reached hear of it
// through Back-Channel Logout.
import { db } from "@/lib/db";
import { emit } from "@/lib/events/emit";
import { announceEndedSessions } from "@/lib/logout/end-on-event";
import { endSessionByToken } from "@/lib/sessions/session";

export async function signOut(sessionToken: string | null, ctx: { ip?: string | null; reason?: string } = {}): Promise<void> {
  if (!sessionToken) return;
  const reason = ctx.reason ?? "signed_out";
  await db().$transaction(async (tx) => {
    const ended = await endSessionByToken(sessionToken, reason, new Date(), tx);
    if (!ended.length) return;
    const userId = ended[0]!.userId;
    await emit(tx, { type: "user.signed_out", actor: { type: "user", id: userId }, userId, subjectId: ended[0]!.id, ip: ctx.ip ?? null, data: { reason } });
    await announceEndedSessions(tx, ended, reason, { type: "user", id: userId }, emit);
  });
}
