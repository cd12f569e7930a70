-- CreateTable
CREATE TABLE "trusted_auth_tokens" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "user_id" UUID,
    "user_intent_id" UUID,
    "phone" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "last_authenticated_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trusted_auth_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "trusted_auth_tokens_token_hash_key" ON "trusted_auth_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "trusted_auth_tokens_expires_at_idx" ON "trusted_auth_tokens"("expires_at");

