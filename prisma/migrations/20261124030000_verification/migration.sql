-- CreateEnum
CREATE TYPE "VerificationKind" AS ENUM ('personal', 'business', 'document');

-- AlterTable
ALTER TABLE "authorization_requests" ADD COLUMN     "verify_form" "VerificationKind";

-- CreateTable
CREATE TABLE "verification_submissions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "VerificationKind" NOT NULL,
    "client_id" TEXT,
    "data" JSONB NOT NULL,
    "ssn_enc" TEXT,
    "ein_enc" TEXT,
    "ip" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verification_submissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "verification_documents" (
    "id" UUID NOT NULL,
    "submission_id" UUID,
    "user_id" UUID NOT NULL,
    "side" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "file_name" TEXT,
    "content" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "verification_documents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "verification_submissions_user_id_created_at_idx" ON "verification_submissions"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "verification_documents_user_id_created_at_idx" ON "verification_documents"("user_id", "created_at");

-- CreateIndex
CREATE INDEX "verification_documents_submission_id_idx" ON "verification_documents"("submission_id");

-- CreateIndex
CREATE INDEX "verification_documents_created_at_idx" ON "verification_documents"("created_at");

-- AddForeignKey
ALTER TABLE "verification_submissions" ADD CONSTRAINT "verification_submissions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_documents" ADD CONSTRAINT "verification_documents_submission_id_fkey" FOREIGN KEY ("submission_id") REFERENCES "verification_submissions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "verification_documents" ADD CONSTRAINT "verification_documents_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

