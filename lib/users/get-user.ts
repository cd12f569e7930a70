// The User as partners see it (GET /v1/user): Astra's field names, snake_case.
import type { z } from "zod";
import { sql } from "@/lib/db";
import type { User } from "@/lib/db/generated/client";
import { ProductError } from "@/lib/errors/product";

import type { userResourceSchema } from "./schemas";

// Inferred from the schema the OpenAPI document shows (a type, so a plain JSON record for the routes).
export type UserResource = z.output<typeof userResourceSchema>;

export function userResource(user: User): UserResource {
  return {
    id: user.id,
    phone: user.phone,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    status: user.status,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}

// Read on every GET /v1/user, so in plain SQL (see `sql` in lib/db/client.ts).
export async function getUser(userId: string): Promise<UserResource> {
  const [user] = await sql<{ id: string; phone: string; email: string | null; first_name: string | null; last_name: string | null; status: User["status"]; created_at: Date; updated_at: Date }>(
    `SELECT id, phone, email, first_name, last_name, status, created_at, updated_at FROM users WHERE id = $1::uuid`,
    [userId],
  );
  if (!user) throw new ProductError("user_not_found");
  return { ...user, created_at: user.created_at.toISOString(), updated_at: user.updated_at.toISOString() };
}
