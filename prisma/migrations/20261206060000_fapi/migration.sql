-- FAPI 2.0 Security Profile (issue 17, item 6): PAR, DPoP, private_key_jwt, the per-client profile.
ALTER TABLE "clients" ADD COLUMN "token_endpoint_auth_method" TEXT,
ADD COLUMN "jwks" JSONB,
ADD COLUMN "jwks_uri" TEXT,
ADD COLUMN "require_pushed_authorization_requests" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "fapi2" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "authorization_requests" ADD COLUMN "dpop_jkt" TEXT;
ALTER TABLE "authorization_codes" ADD COLUMN "dpop_jkt" TEXT;
ALTER TABLE "refresh_tokens" ADD COLUMN "dpop_jkt" TEXT;

CREATE TABLE "pushed_authorization_requests" (
    "id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pushed_authorization_requests_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "pushed_authorization_requests_expires_at_idx" ON "pushed_authorization_requests"("expires_at");

CREATE TABLE "used_jtis" (
    "key" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "used_jtis_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "used_jtis_expires_at_idx" ON "used_jtis"("expires_at");
