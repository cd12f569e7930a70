// What a signed-in end user's session carries: a type module, so the sign-in providers (SMS,
// passkeys, second factor) and auth-options.ts can all name it without importing each other.
import type { AuthMethod } from "@/lib/db/generated/client";

export interface SessionUser {
  id: string;
  phone: string;
  authMethod: AuthMethod;
  authTime: number;
  /** The trusted device (passkey) that signed this session in, or approved it. */
  deviceId?: string;
}
