-- Issue 19: per-client branding of the hosted pages, and the risk challenge's fallback codes.

-- Display name, logo hash (its immutable URL), accent colour, policy and terms links.
ALTER TABLE "clients" ADD COLUMN "display_name" TEXT,
ADD COLUMN "logo_hash" TEXT,
ADD COLUMN "accent_color" TEXT,
ADD COLUMN "policy_uri" TEXT,
ADD COLUMN "tos_uri" TEXT;

-- The logo's bytes, apart from clients so that loading a client never loads them.
CREATE TABLE "client_logos" (
    "client_id" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_logos_pkey" PRIMARY KEY ("client_id")
);

-- The partner's label of a tracked action, and the codes its challenge page may take instead of a device.
ALTER TABLE "actions" ADD COLUMN "label" TEXT,
ADD COLUMN "fallback_methods" TEXT[] DEFAULT ARRAY[]::TEXT[];
