// Everything the user and intent detail pages show. Status history comes from the audit log.
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { isUuid } from "@/lib/validation/ids";

const HISTORY_LIMIT = 100;

export async function userDetail(id: string) {
  if (!isUuid(id)) return null;
  const user = await db().user.findUnique({ where: { id } });
  if (!user) return null;
  const [intents, history] = await Promise.all([
    db().userIntent.findMany({ where: { userId: id }, orderBy: { createdAt: "asc" }, take: 50, include: { client: { select: { name: true } } } }),
    db().auditEvent.findMany({ where: { userId: id, type: "user.updated" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: HISTORY_LIMIT }),
  ]);
  return { user, intents, history };
}

export async function intentDetail(id: string) {
  if (!isUuid(id)) return null;
  const intent = await db().userIntent.findUnique({ where: { id }, include: { client: { select: { id: true, name: true } } } });
  if (!intent) return null;
  const history = await db().auditEvent.findMany({
    where: { subjectId: id, type: "user_intent.updated" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY_LIMIT,
  });
  const { ssnEnc, ...rest } = intent;
  return { intent: { ...rest, ssnLast4: ssnEnc ? decryptSecret(ssnEnc, "pii").slice(-4) : null }, history };
}

/** The admins named in audit rows, for display (id → email). */
export async function adminEmails(ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id && isUuid(id))))];
  if (!wanted.length) return new Map();
  const admins = await db().admin.findMany({ where: { id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(admins.map((admin) => [admin.id, admin.email]));
}
