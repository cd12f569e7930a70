-- CreateEnum
CREATE TYPE "WebhookDeliveryKind" AS ENUM ('webhook', 'authenticator_callback');

-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "PhoneChangeStatus" AS ENUM ('pending', 'approved', 'rejected');

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "kind" "WebhookDeliveryKind" NOT NULL DEFAULT 'webhook',
    "event_type" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "lease_id" UUID,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_response_status" INTEGER,
    "last_response_body" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "phone_change_requests" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "old_phone" TEXT NOT NULL,
    "new_phone" TEXT NOT NULL,
    "status" "PhoneChangeStatus" NOT NULL DEFAULT 'pending',
    "decision_reason" TEXT,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "phone_change_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhook_id_key" ON "webhook_deliveries"("webhook_id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_client_id_created_at_idx" ON "webhook_deliveries"("client_id", "created_at");

-- CreateIndex
CREATE INDEX "phone_change_requests_user_id_created_at_idx" ON "phone_change_requests"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "phone_change_requests_status_created_at_idx" ON "phone_change_requests"("status", "created_at");

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "phone_change_requests" ADD CONSTRAINT "phone_change_requests_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

