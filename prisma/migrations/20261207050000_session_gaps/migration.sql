-- Issue 15 (gaps): a refreshed ID token carries the session (`sid`) and the `amr` of the original
-- one (OpenID Connect Core §12.2), so each refresh token remembers them.
ALTER TABLE "refresh_tokens" ADD COLUMN "session_id" UUID,
ADD COLUMN "amr" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Tokens issued before this migration: their authorization code still knows the session.
UPDATE "refresh_tokens" AS rt SET "session_id" = c."session_id", "amr" = c."amr"
  FROM "authorization_codes" AS c
 WHERE c."id" = rt."authorization_code_id" AND c."session_id" IS NOT NULL;
