-- CreateEnum
CREATE TYPE "ActionState" AS ENUM ('ALLOW', 'CHALLENGE_REQUIRED', 'BLOCK', 'CHALLENGE_SUCCEEDED', 'CHALLENGE_FAILED');

-- CreateTable
CREATE TABLE "action_rule_sets" (
    "client_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "action_rule_sets_pkey" PRIMARY KEY ("client_id","action")
);

-- CreateTable
CREATE TABLE "actions" (
    "id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "idempotency_key" UUID NOT NULL,
    "state" "ActionState" NOT NULL,
    "rule_ids" TEXT[],
    "is_enrolled" BOOLEAN NOT NULL,
    "redirect_url" TEXT,
    "device_id" TEXT,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "custom" JSONB,
    "token_hash" TEXT NOT NULL,
    "token_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "validated_at" TIMESTAMPTZ(3),
    "verification_method" TEXT,
    "verified_device_id" UUID,
    "challenged_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "actions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "actions_idempotency_key_key" ON "actions"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "actions_token_hash_key" ON "actions"("token_hash");

-- CreateIndex
CREATE INDEX "actions_client_id_user_id_action_created_at_idx" ON "actions"("client_id", "user_id", "action", "created_at");

-- CreateIndex
CREATE INDEX "actions_client_id_user_id_device_id_idx" ON "actions"("client_id", "user_id", "device_id");

