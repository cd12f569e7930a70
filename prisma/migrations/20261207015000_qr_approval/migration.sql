-- Issue 18 (items 1 and 7): QR approval and typed number matching.
-- code_attempts: wrong numbers typed on the trusted device (the request is refused after
-- LOGIN_REQUEST_CODE_ATTEMPTS); last_seen_at: the waiting page's heartbeat (null for requests a
-- partner's backend polls, which have no page to close); a request whose page stopped beating for
-- LOGIN_REQUEST_HEARTBEAT_S is expired.
ALTER TABLE "login_requests" ADD COLUMN "code_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "last_seen_at" TIMESTAMPTZ(3);
