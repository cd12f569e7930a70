// Token lifetimes: the defaults in limits.ts, overridable per deployment (seconds).
import { ACCESS_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S } from "@/lib/config/limits";

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number of seconds, got "${raw}"`);
  return value;
}

export function accessTokenTtlS(): number {
  return seconds("TRUSTGATE_ACCESS_TOKEN_TTL", ACCESS_TOKEN_TTL_S);
}

export function refreshTokenTtlS(): number {
  return seconds("TRUSTGATE_REFRESH_TOKEN_TTL", REFRESH_TOKEN_TTL_S);
}
