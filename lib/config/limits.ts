// Every limit in one place, with the standard it follows.

/** Client secrets: 256 bits of randomness (RFC 6749 §10.10; ASVS 2.9: ≥ 128 bits). */
export const CLIENT_SECRET_BYTES = 32;
/** client_id: 128 bits, not guessable but not a secret. */
export const CLIENT_ID_BYTES = 16;

/** Largest JSON or form body accepted by partner APIs (ASVS 13.1.4 / OWASP API4: bound input). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Failed client authentications from one IP before it is throttled (ASVS 2.2.1 anti-automation). */
export const CLIENT_AUTH_FAILURES_PER_IP = 30;
export const CLIENT_AUTH_FAILURE_WINDOW_S = 10 * 60;

/** scrypt parameters for passwords: OWASP Password Storage Cheat Sheet (N=2^17, r=8, p=1). */
export const SCRYPT_N = 2 ** 17;
export const SCRYPT_R = 8;
export const SCRYPT_P = 1;
export const PASSWORD_MIN_LENGTH = 12; // NIST 800-63B §5.1.1.2 allows 8; admins get 12.
export const PASSWORD_MAX_LENGTH = 128;

/** Retired signing keys stay in the JWKS this long so tokens they signed still verify. */
export const RETIRED_KEY_PUBLISHED_S = 7 * 24 * 3600;
/** How long an instance caches the signing keys before re-reading the database. */
export const SIGNING_KEY_CACHE_S = 60;
/** A token naming an unknown kid re-reads the keys (another instance rotated), at most this often. */
export const SIGNING_KEY_MISS_RELOAD_S = 5;

/** Authorization codes: 256 bits (RFC 6749 §10.10: ≥128), single use, 60 s (RFC 6749 §4.1.2 allows ≤10 min). */
export const AUTHORIZATION_CODE_BYTES = 32;
export const AUTHORIZATION_CODE_TTL_S = 60;
/** Access tokens: 1 h (RFC 9700 §2.2.2 favours short-lived tokens); env TRUSTGATE_ACCESS_TOKEN_TTL overrides. */
export const ACCESS_TOKEN_TTL_S = 3600;
/** Refresh tokens: 256 bits, 10 days, rotated on every use (RFC 9700 §4.14.2); env TRUSTGATE_REFRESH_TOKEN_TTL overrides. */
export const REFRESH_TOKEN_BYTES = 32;
export const REFRESH_TOKEN_TTL_S = 10 * 24 * 3600;
/** Longest bearer token or code Trustgate will look at (ASVS 13.1.4: bound input). */
export const MAX_TOKEN_LENGTH = 4096;

/** TRUSTGATE_SECRET minimum length (256 bits when base64/hex encoded). */
export const TRUSTGATE_SECRET_MIN_LENGTH = 32;
/** UserIntents per email address per client (Astra: "you may only attempt to create 3 UserIntents per email address"). */
export const USER_INTENTS_PER_EMAIL = 3;
/** Partner metadata echoed on a UserIntent, serialized (OWASP API4: bound free-form input; Stripe caps metadata similarly). */
export const USER_INTENT_METADATA_MAX_BYTES = 4 * 1024;
/** List endpoints: default and largest page (OWASP API4: no unbounded result sets). */
export const LIST_PAGE_SIZE_DEFAULT = 25;
export const LIST_PAGE_SIZE_MAX = 100;
/** Reason recorded with every status change (audit log entry, ASVS 7.1: useful but bounded). */
export const STATUS_REASON_MAX_LENGTH = 500;

/** SMS sign-in codes: 6 digits (NIST 800-63B §5.1.3.2 / ASVS 2.7.4: ≥ 20 bits of entropy). */
export const SMS_CODE_DIGITS = 6;
/** Code lifetime (ASVS 2.7.2: out-of-band codes expire within 10 minutes; NIST 800-63B §5.1.3.2). */
export const SMS_CODE_TTL_S = 5 * 60;
/** Wrong guesses per code before it is invalidated (ASVS 2.2.1 anti-automation). */
export const SMS_CODE_MAX_ATTEMPTS = 5;
/** Minimum gap between two codes to one phone and purpose (SMS pumping / bombing defence). */
export const SMS_RESEND_COOLDOWN_S = 30;
/** Codes sent per phone and per client IP in one window (OWASP SMS pumping / toll-fraud guidance). */
export const SMS_SENDS_PER_PHONE = 10;
export const SMS_SENDS_PER_IP = 30;
/** Failed verifications per phone and per IP in one window (NIST 800-63B §5.2.2: ≤ 100 consecutive failures per account). */
export const SMS_VERIFY_FAILURES_PER_PHONE = 20;
export const SMS_VERIFY_FAILURES_PER_IP = 50;
export const SMS_RATE_WINDOW_S = 3600;
/** An SMS provider call that takes longer is abandoned (the user can resend). */
export const SMS_PROVIDER_TIMEOUT_MS = 5_000;

/** End-user portal session (next-auth JWT cookie) lifetime. */
export const END_USER_SESSION_MAX_AGE_S = 12 * 3600;
/** A hosted sign-in (validated authorize request) must finish within this time. */
export const AUTHORIZATION_REQUEST_TTL_S = 30 * 60;

// Trusted authentication (Astra "Partner Identity Verification Token").
/** Session tokens: 256 bits (ASVS 3.2.2 / RFC 6749 §10.10: ≥128), single use, 60 s (Astra: "short-lived (1 minute)"). */
export const TRUSTED_AUTH_TOKEN_BYTES = 32;
export const TRUSTED_AUTH_TOKEN_TTL_S = 60;
/** Astra trusts a partner's 2FA for 30 days ("authenticated with your client in the last 30 days"). */
export const TRUSTED_AUTH_MAX_AUTH_AGE_S = 30 * 24 * 3600;
/** A lastAuthenticationTime this far ahead of our clock is accepted as clock skew; later is refused. */
export const TRUSTED_AUTH_MAX_CLOCK_SKEW_S = 5 * 60;
/** The partner's customer API must answer within this time, body included (OWASP API7 SSRF / resource bounds). */
export const CUSTOMER_API_TIMEOUT_MS = 3_000;
/** Largest customer API answer read (a customer record is < 1 KB; OWASP API4: bound input). */
export const CUSTOMER_API_MAX_BYTES = 64 * 1024;
/** Longest session_token Trustgate will look at (ASVS 13.1.4: bound input). */
export const TRUSTED_AUTH_TOKEN_MAX_LENGTH = 128;
// Webhooks outbox
/** A receiver that has not answered within this time counts as a failed attempt (Stripe and GitHub use 10–30 s; 5 s keeps workers moving). */
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** Attempts before a delivery is marked failed (about 8.5 hours in all with the backoff below). */
export const WEBHOOK_MAX_ATTEMPTS = 10;
/** First retry delay; each later one doubles (30 s, 60 s, 120 s, …). */
export const WEBHOOK_BACKOFF_BASE_S = 30;
/** Bytes of the receiver's answer kept for the delivery log (never more: it may hold anything). */
export const WEBHOOK_RESPONSE_BODY_MAX_BYTES = 1024;
/** Receivers reject signatures whose timestamp is further than this from their clock (replay window). */
export const WEBHOOK_SIGNATURE_TOLERANCE_S = 300;
/** A claimed delivery whose worker vanished becomes due again after this lease (≫ the 5 s timeout). */
export const WEBHOOK_LEASE_S = 60;
/** Deliveries one worker claims per round, and how often an idle worker looks for due ones. */
export const WEBHOOK_BATCH_SIZE = 10;
export const WEBHOOK_POLL_INTERVAL_MS = 1_000;
/** Webhook signing secrets: 256 bits (same as client secrets). */
export const WEBHOOK_SECRET_BYTES = 32;
export const WEBHOOK_URL_MAX_LENGTH = 2000;
/** Finished deliveries stay in the partner's delivery log this long (then the periodic purge drops them). */
export const WEBHOOK_DELIVERY_RETENTION_S = 30 * 24 * 3600;

// Fault tolerance
/** Retry-After on 503 database_unavailable answers: a restart or failover usually takes seconds (RFC 9110 §10.2.3). */
export const DATABASE_UNAVAILABLE_RETRY_AFTER_S = 5;
