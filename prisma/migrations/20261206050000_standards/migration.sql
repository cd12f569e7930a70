-- Issue 17a: RS256 ID tokens per client, RFC 8707 resource indicators.

-- Clients created before RS256 keep ES256 ID tokens (their relying parties verify ES256 today);
-- new clients default to RS256 (OpenID Connect Registration §2).
ALTER TABLE "clients" ADD COLUMN     "id_token_signed_response_alg" TEXT NOT NULL DEFAULT 'ES256';
ALTER TABLE "clients" ALTER COLUMN "id_token_signed_response_alg" SET DEFAULT 'RS256';
ALTER TABLE "clients" ADD COLUMN     "resources" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "authorization_requests" ADD COLUMN     "resources" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "authorization_codes" ADD COLUMN     "resources" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "refresh_tokens" ADD COLUMN     "resources" TEXT[] DEFAULT ARRAY[]::TEXT[];
