// GET /authenticator/v0.1/factors[?search=external_user_id==X][&page=&size=]: the partner's factors, newest first.
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { ListFactorsQuery } from "./schemas";
import { FACTORS_PATH, serializeFactor } from "./serialize";

export async function listFactors(clientId: string, query: ListFactorsQuery) {
  const where: Prisma.AuthenticatorFactorWhereInput = { clientId, ...(query.search !== undefined ? { externalUserId: query.search } : {}) };
  const [total, rows] = await Promise.all([
    db().authenticatorFactor.count({ where }),
    db().authenticatorFactor.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (query.page - 1) * query.size, take: query.size }),
  ]);
  const search = query.search !== undefined ? `search=${encodeURIComponent(`external_user_id==${query.search}`)}&` : "";
  return {
    _embedded: { factors: rows.map(serializeFactor) },
    _links: { self: { href: `${FACTORS_PATH}?${search}page=${query.page}&size=${query.size}` } },
    page: { size: query.size, number: query.page, total_elements: total, total_pages: Math.ceil(total / query.size) },
  };
}
