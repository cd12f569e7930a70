// Identifiers as they arrive in paths, query strings and cursors.

/**
 * A UUID (any version), any case — the shape of every Trustgate row id. Ids are uuid columns:
 * anything else can never match, and must not reach PostgreSQL (which would fail the whole
 * statement on a malformed uuid).
 */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
