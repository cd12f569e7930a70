-- Issue 19: client secret rotation with a grace period, the review queue's canned reasons, and the
-- indexes behind the queue (oldest submission first) and the dashboard's partial search.

-- A rotated secret keeps working until previous_secret_expires_at (lib/clients/authenticate.ts).
ALTER TABLE "clients" ADD COLUMN "previous_secret_hash" TEXT,
ADD COLUMN "previous_secret_expires_at" TIMESTAMPTZ(3);

-- The review queue walks submissions oldest first (keyset on created_at, id).
CREATE INDEX "verification_submissions_created_at_id_idx" ON "verification_submissions"("created_at", "id");

-- Canned reasons per decision.
CREATE TABLE "review_reasons" (
    "id" UUID NOT NULL,
    "decision" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_reasons_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "review_reasons_decision_position_idx" ON "review_reasons"("decision", "position");

INSERT INTO "review_reasons" ("id", "decision", "text", "position") VALUES
  (gen_random_uuid(), 'approve', 'Documents match the submitted details', 0),
  (gen_random_uuid(), 'approve', 'Identity verified against the submission', 1),
  (gen_random_uuid(), 'retry', 'Details do not match the document; please correct them', 0),
  (gen_random_uuid(), 'document', 'We need a photo of a government ID', 0),
  (gen_random_uuid(), 'document', 'The document photo is unreadable; please upload it again', 1),
  (gen_random_uuid(), 'reject', 'Document appears altered', 0),
  (gen_random_uuid(), 'suspend', 'Suspected account takeover', 0);

-- Partial search (prefix of an email, a name, the last digits of a phone): btree indexes with
-- text_pattern_ops answer `LIKE 'prefix%'` whatever the database collation (pg_trgm is not
-- available on the embedded database). Expression indexes Prisma's schema cannot describe.
CREATE INDEX "users_email_prefix_idx" ON "users" (lower("email") text_pattern_ops);
CREATE INDEX "users_last_name_prefix_idx" ON "users" (lower("last_name") text_pattern_ops);
CREATE INDEX "users_first_name_prefix_idx" ON "users" (lower("first_name") text_pattern_ops);
CREATE INDEX "users_phone_suffix_idx" ON "users" (reverse("phone") text_pattern_ops);
