-- End-user sessions as server-side rows (issue 15), OpenID Connect prompt/max_age, logout.
ALTER TYPE "WebhookDeliveryKind" ADD VALUE 'backchannel_logout';

ALTER TABLE "clients" ADD COLUMN "post_logout_redirect_uris" TEXT[] DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "backchannel_logout_uri" TEXT;

ALTER TABLE "authorization_requests" ADD COLUMN "prompt" TEXT,
  ADD COLUMN "max_age" INTEGER;

ALTER TABLE "authorization_codes" ADD COLUMN "session_id" UUID,
  ADD COLUMN "amr" TEXT[] DEFAULT ARRAY[]::TEXT[];

CREATE TABLE "user_sessions" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "auth_method" "AuthMethod" NOT NULL,
    "amr" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "auth_time" TIMESTAMPTZ(3) NOT NULL,
    "device_id" UUID,
    "second_factor" BOOLEAN NOT NULL DEFAULT false,
    "bound_client_id" TEXT,
    "bound_request_id" TEXT,
    "client_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "ip" TEXT,
    "user_agent" TEXT,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "user_sessions_token_hash_key" ON "user_sessions"("token_hash");
CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions"("user_id");
CREATE INDEX "user_sessions_device_id_idx" ON "user_sessions"("device_id");
CREATE INDEX "user_sessions_expires_at_idx" ON "user_sessions"("expires_at");
