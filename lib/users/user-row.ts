// One user by id in plain SQL (lib/db sql()): the hosted sign-in reads its user at every step,
// and a Prisma findUnique cost ≈1.5 ms of CPU each time. The row comes back as Prisma's model has it.
import { sql } from "@/lib/db";
import type { User } from "@/lib/db/generated/client";

export const USER_COLUMNS = `id, phone, email, first_name AS "firstName", last_name AS "lastName", status, created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function findUserById(id: string): Promise<User | null> {
  // Not a uuid: no such user (Prisma refused such ids the same way, by finding nothing).
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await sql<User>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1::uuid`, [id]);
  return row ?? null;
}
