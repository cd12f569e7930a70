// What a signed-in end user's session carries: a type module, so the sign-in providers (SMS,
// passkeys, second factor) and auth-options.ts can all name it without importing each other.
import type { AuthMethod } from "@/lib/db/generated/client";

/** The signed-in user as pages and actions see it (`id` is the user's id); built from the session row by toSessionUser. */
export interface SessionUser {
  id: string;
  phone: string;
  authMethod: AuthMethod;
  authTime: number;
  deviceId?: string;
  /** The session row (absent only in tests that build a SessionUser by hand). */
  sessionId?: string;
  amr?: string[];
  secondFactor?: boolean;
  boundClientId?: string | null;
  boundRequestId?: string | null;
  createdAt?: number;
}
