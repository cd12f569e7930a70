-- CreateEnum
CREATE TYPE "AuthenticatorFactorStatus" AS ENUM ('PENDING', 'ACTIVE', 'INACTIVE');

-- CreateEnum
CREATE TYPE "AuthenticatorChallengeStatus" AS ENUM ('PENDING', 'VERIFIED', 'FAILED', 'EXPIRED');

-- CreateTable
CREATE TABLE "authenticator_factors" (
    "id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "external_user_id" TEXT NOT NULL,
    "phone_number" TEXT NOT NULL,
    "status" "AuthenticatorFactorStatus" NOT NULL DEFAULT 'PENDING',
    "secret_enc" TEXT NOT NULL,
    "last_used_step" INTEGER,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "authenticator_factors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "authenticator_challenges" (
    "id" UUID NOT NULL,
    "factor_id" UUID NOT NULL,
    "client_id" TEXT NOT NULL,
    "reference_id" TEXT NOT NULL,
    "message" TEXT,
    "status" "AuthenticatorChallengeStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "authenticator_challenges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "user_authenticator_apps" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "secret_enc" TEXT NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "last_used_step" INTEGER,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_authenticator_apps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recovery_codes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recovery_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "second_factor_tickets" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "authorization_request_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "second_factor_tickets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "authenticator_factors_client_id_created_at_idx" ON "authenticator_factors"("client_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "authenticator_factors_client_id_external_user_id_key" ON "authenticator_factors"("client_id", "external_user_id");

-- CreateIndex
CREATE INDEX "authenticator_challenges_factor_id_created_at_idx" ON "authenticator_challenges"("factor_id", "created_at");

-- CreateIndex
CREATE INDEX "authenticator_challenges_status_expires_at_idx" ON "authenticator_challenges"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "user_authenticator_apps_user_id_key" ON "user_authenticator_apps"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "recovery_codes_user_id_code_hash_key" ON "recovery_codes"("user_id", "code_hash");

-- CreateIndex
CREATE UNIQUE INDEX "second_factor_tickets_token_hash_key" ON "second_factor_tickets"("token_hash");

-- CreateIndex
CREATE INDEX "second_factor_tickets_expires_at_idx" ON "second_factor_tickets"("expires_at");

-- AddForeignKey
ALTER TABLE "authenticator_factors" ADD CONSTRAINT "authenticator_factors_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "authenticator_challenges" ADD CONSTRAINT "authenticator_challenges_factor_id_fkey" FOREIGN KEY ("factor_id") REFERENCES "authenticator_factors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_authenticator_apps" ADD CONSTRAINT "user_authenticator_apps_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "second_factor_tickets" ADD CONSTRAINT "second_factor_tickets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

