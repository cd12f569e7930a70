-- Issue 16 (partner trust boundary).
-- Partners see a delivery failure as a category only. Rows written before lib/outbound held raw
-- socket/TLS error text (ECONNREFUSED, certificate errors: a port scanner) and the start of answers
-- from internal targets: keep the HTTP status as its category, drop the rest.
UPDATE "webhook_deliveries"
SET "last_error" = CASE WHEN "last_error" ~ '^HTTP [0-9]{3}' THEN 'http_' || substring("last_error" FROM 6 FOR 3) ELSE NULL END,
    "last_response_body" = NULL
WHERE "last_error" IS NOT NULL OR "last_response_body" IS NOT NULL;

-- SMS sign-in an attacker cannot block: guesses from other IPs than the requester's have their own
-- per-code budget, so they cannot spend the requester's attempts.
ALTER TABLE "sms_codes" ADD COLUMN "foreign_attempts" INTEGER NOT NULL DEFAULT 0;
