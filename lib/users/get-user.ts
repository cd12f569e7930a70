// The User as partners see it (GET /v1/user): Astra's field names, snake_case.
import type { z } from "zod";
import { USER_RESOURCE_FIELDS, releaseFields, releasedScopes } from "@/lib/claims/scope-map";
import { loadUserData } from "@/lib/claims/user-data";
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

/**
 * GET /v1/user: only the fields whose scope the token carries and the user consented to for this
 * client (lib/claims/scope-map.ts). Read in one plain SQL query (a hot path).
 */
export async function getUser(userId: string, clientId: string, tokenScope: string): Promise<Partial<UserResource>> {
  const user = await loadUserData(userId, clientId);
  if (!user) throw new ProductError("user_not_found");
  const full = {
    id: user.id,
    phone: user.phone,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    status: user.status,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    address: user.address,
  };
  return releaseFields(full, USER_RESOURCE_FIELDS, releasedScopes(tokenScope, user.consented));
}
