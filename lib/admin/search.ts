// Dashboard search: one box for an id, a phone number or an email. Each form is an exact match on
// an indexed column (users.id/phone/email, user_intents.id/phone/email), never a table scan.
import { db } from "@/lib/db";
import { normalizePhone } from "@/lib/phone/normalize";
import { isUuid } from "@/lib/validation/ids";

const LIMIT = 50;

export type SearchKind = "id" | "email" | "phone" | "none";

export async function searchPeople(query: string) {
  const q = query.trim().slice(0, 320);
  let kind: SearchKind = "none";
  let userWhere: object | null = null;
  let intentWhere: object | null = null;
  if (isUuid(q)) {
    kind = "id";
    userWhere = { id: q.toLowerCase() };
    intentWhere = { OR: [{ id: q.toLowerCase() }, { userId: q.toLowerCase() }] };
  } else if (q.includes("@")) {
    kind = "email";
    userWhere = { email: q.toLowerCase() };
    intentWhere = { email: q.toLowerCase() };
  } else {
    const phone = normalizePhone(q);
    if (phone) {
      kind = "phone";
      userWhere = { phone };
      intentWhere = { phone };
    }
  }
  if (!userWhere || !intentWhere) return { kind, users: [], intents: [] };
  const [users, intents] = await Promise.all([
    db().user.findMany({ where: userWhere, orderBy: { createdAt: "asc" }, take: LIMIT }),
    db().userIntent.findMany({ where: intentWhere, orderBy: { createdAt: "asc" }, take: LIMIT, include: { client: { select: { name: true } } } }),
  ]);
  return { kind, users, intents };
}
