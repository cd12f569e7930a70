// Every limit in one place, with the standard it follows.

/** Client secrets: 256 bits of randomness (RFC 6749 §10.10; ASVS 2.9: ≥ 128 bits). */
export const CLIENT_SECRET_BYTES = 32;
/**
 * After "Rotate secret" the old client secret keeps working this long, so a partner can deploy the
 * new one without an outage (the practice of Auth0/Okta/Stripe key rolling; NIST SP 800-57 Pt 1
 * §5.3: a superseded key's use period ends on a set date). 0 on request, for a leaked secret.
 */
export const CLIENT_SECRET_ROTATION_GRACE_S = 24 * 3600;
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
/** How long the phone page's number waits for the code page (a cookie of path /login): the code's life and some. */
export const LOGIN_PHONE_COOKIE_TTL_S = 15 * 60;
/** A refused number kept to be shown again next to its error on the phone page. */
export const LOGIN_PHONE_DRAFT_COOKIE_TTL_S = 5 * 60;
/** Wrong guesses per code before it is invalidated (ASVS 2.2.1 anti-automation). */
export const SMS_CODE_MAX_ATTEMPTS = 5;
/** Minimum gap between two codes to one phone and purpose (SMS pumping / bombing defence). */
export const SMS_RESEND_COOLDOWN_S = 30;
/** Codes sent per phone and per client IP in one window (OWASP SMS pumping / toll-fraud guidance). */
export const SMS_SENDS_PER_PHONE = 10;
export const SMS_SENDS_PER_IP = 30;
/**
 * The per-phone budget is shared out per source: one IP may spend at most this many of a phone's
 * sends per window, so one source cannot use up a victim's codes (ASVS 6.1.1: no malicious lockout).
 * An IP the phone signed in from before (SMS_HOME_IP_WINDOW_S) is not held to the per-phone total.
 */
export const SMS_SENDS_PER_PHONE_PER_IP = 3;
/** How long an IP that verified a phone's code counts as that phone's own ("home") source. */
export const SMS_HOME_IP_WINDOW_S = 30 * 24 * 3600;
/** Failed verifications per IP in one window, all phones together (anti-automation, ASVS 6.3). */
export const SMS_VERIFY_FAILURES_PER_IP = 50;
export const SMS_RATE_WINDOW_S = 3600;
/**
 * Progressive delay per (phone, client IP) instead of a hard lock: [failures allowed, window s].
 * 5 in a minute, 10 in 10 minutes, 20 in an hour; past a tier that pair waits out the tier's window.
 * Other sources — the phone's owner — are not slowed by it.
 */
export const SMS_VERIFY_FAILURE_TIERS: readonly (readonly [number, number])[] = [
  [5, 60],
  [10, 600],
  [20, 3600],
];
/**
 * Per-account cap: NIST SP 800-63B §5.2.2 — no more than 100 consecutive failed attempts on one
 * account. Only guesses against a live code count (a guess with no code outstanding costs the
 * guesser's (phone, IP) and IP budgets, not the account); a successful sign-in resets it.
 */
export const SMS_ACCOUNT_FAILURE_CAP = 100;
export const SMS_ACCOUNT_FAILURE_WINDOW_S = 30 * 24 * 3600;
/** An SMS provider call that takes longer is abandoned (the user can resend). */
export const SMS_PROVIDER_TIMEOUT_MS = 5_000;

/** End-user session (a server-side row; the cookie carries its id): absolute lifetime (ASVS 7.3.2 L2: ≤ 24 h; 12 h as admins). */
export const END_USER_SESSION_MAX_AGE_S = 12 * 3600;
/** Idle lifetime of an end-user session (ASVS 7.3.1 L2: ≤ 30 min of inactivity without re-authentication). */
export const END_USER_SESSION_IDLE_S = 30 * 60;
/** The idle clock is written at most this often (one UPDATE per minute per session, not per request). */
export const END_USER_SESSION_TOUCH_S = 60;
/** Back-Channel Logout 1.0 §2.4: logout tokens are short-lived JWTs (2 min, as node-oidc-provider). */
export const LOGOUT_TOKEN_TTL_S = 120;
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
// Trusted devices (WebAuthn)
/** WebAuthn challenges: single use, 5 min (W3C WebAuthn L3 §13.4.3 recommends 5–10 min timeouts; ASVS 2.7.2 ≤10 min). */
export const WEBAUTHN_CHALLENGE_TTL_S = 5 * 60;
/** Challenge entropy (WebAuthn §13.4.3: ≥16 random bytes). */
export const WEBAUTHN_CHALLENGE_BYTES = 32;
/** addAuthenticator registration tokens: 256 bits, single use, 5 min (Authsignal: "short-lived token"). */
export const DEVICE_REGISTRATION_TOKEN_BYTES = 32;
export const DEVICE_REGISTRATION_TOKEN_TTL_S = 5 * 60;
/** Pending approvals from a trusted device expire within 5 minutes (SPEC §5); secret held by the waiting client: 256 bits. */
export const LOGIN_REQUEST_TTL_S = 5 * 60;
export const LOGIN_REQUEST_SECRET_BYTES = 32;
/** Login requests per phone and per IP per window (push-bombing / MFA-fatigue defence, NIST 800-63B §5.2.2). */
export const LOGIN_REQUESTS_PER_PHONE = 10;
export const LOGIN_REQUESTS_PER_IP = 30;
/** Login requests per target user per window, whatever the identifier (phone, email, client_user_id) or the partner: the
 *  user's trusted device is asked at most this often (push-bombing / MFA fatigue: CISA "Implementing number matching",
 *  NIST 800-63B §5.2.2). Unknown users have no such bucket (the per-identifier one still counts them). */
export const LOGIN_REQUESTS_PER_USER = 10;
export const LOGIN_REQUEST_RATE_WINDOW_S = 3600;
/** Wrong numbers the trusted device may type before the request is refused (number matching: 3 tries over 90 two-digit codes ≈ 3 % for a guess; NIST 800-63B §5.2.2 throttling). */
export const LOGIN_REQUEST_CODE_ATTEMPTS = 3;
/** A waiting page beats with every status poll (~1.5 s); silent this long (a closed tab) → the request is expired. 60 s outlasts background-tab timer throttling (≥1 s, 1/min after 5 min hidden). */
export const LOGIN_REQUEST_HEARTBEAT_S = 60;
/** A beat is written at most this often (the page polls every 1.5 s; 5 s keeps 12 beats per window). */
export const LOGIN_REQUEST_HEARTBEAT_WRITE_S = 5;
/** WebAuthn ceremonies started per IP per window (anti-automation, ASVS 2.2.1). */
export const WEBAUTHN_OPTIONS_PER_IP = 120;
export const WEBAUTHN_OPTIONS_WINDOW_S = 10 * 60;
/** Passkey-autofill challenges the phone page creates on views, per IP per window (its own budget: a reload loop must not
 *  spend WEBAUTHN_OPTIONS_PER_IP and lock real passkey sign-ins out; it only bounds challenge rows). Beyond it the page
 *  renders without autofill. */
export const WEBAUTHN_PAGE_VIEW_CHALLENGES_PER_IP = 600;
/** Device names (user-visible, renameable). */
export const DEVICE_NAME_MAX_LENGTH = 64;
/** Trusted devices per user (a bounded list; also bounds excludeCredentials). */
export const DEVICES_PER_USER_MAX = 20;
// Verification pages (/verify/*)
/** Largest identity document file (SPEC: ≤ 10 MB; OWASP File Upload Cheat Sheet: set a file size limit). */
export const VERIFICATION_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
/** Largest upload request: front + back + form overhead (ASVS 12.1.1: bound the request size). */
export const VERIFICATION_UPLOAD_MAX_BODY_BYTES = 2 * VERIFICATION_DOCUMENT_MAX_BYTES + 512 * 1024;
/** Beneficial owners on a business form (FinCEN CDD rule: each person owning ≥ 25 %, so at most 4). */
export const BENEFICIAL_OWNERS_MAX = 4;
export const BENEFICIAL_OWNER_MIN_PERCENT = 25;
/** Age of majority for opening an account without a guardian (US: 18). */
export const VERIFICATION_MIN_AGE_YEARS = 18;
/** Verification submit attempts (valid or not) per user per window (ASVS 11.1.4 anti-automation; uploads are large). */
export const VERIFICATION_SUBMITS_PER_USER = 20;
export const VERIFICATION_SUBMIT_WINDOW_S = 3600;

// Risk actions (Authsignal track → challenge → validate)
/** Validate tokens: 256 bits, hashed at rest, single use; they also open the hosted challenge page,
 *  so they live as long as a challenge may take (Authsignal challenge tokens: 10 min; ASVS 3.2.2 ≥128 bits). */
export const ACTION_TOKEN_BYTES = 32;
export const ACTION_TOKEN_TTL_S = 10 * 60;
/** A signed login event (Cotter shape) is meant to be verified as it arrives: its JWS expires after this (RFC 7519 §4.1.4). */
export const LOGIN_EVENT_TTL_S = 10 * 60;
/** Rules per client and action, and conditions per rule (bounded evaluation cost). */
export const ACTION_RULES_MAX = 50;
export const ACTION_RULE_CONDITIONS_MAX = 20;
/** Velocity windows up to 30 days (the attempts query is indexed on client, user, action, time). */
export const ACTION_VELOCITY_WINDOW_MAX_S = 30 * 24 * 3600;
/** Size of the partner's `custom` attributes, serialized (kept in the audit trail of the action). */
export const ACTION_CUSTOM_MAX_BYTES = 4 * 1024;
/** "Add this device" from a challenge page needs a sign-in this recent (ASVS 3.7.1 re-authentication before sensitive changes). */
export const ACTION_ENROLMENT_SIGN_IN_MAX_AGE_S = 10 * 60;
// Partner branding (lib/clients/branding.ts)
/** Logo file size (a logo drawn at ≤ 64 px high needs far less; OWASP File Upload Cheat Sheet: cap the size). */
export const CLIENT_LOGO_MAX_BYTES = 100 * 1024;
/** Logo width and height in pixels (bounds decoding cost in every browser that shows it). */
export const CLIENT_LOGO_MAX_DIMENSION_PX = 1024;
/** Display names on the hosted pages. */
export const CLIENT_DISPLAY_NAME_MAX_LENGTH = 80;
/** WCAG 2.1 SC 1.4.3 (AA): text — button labels on the accent, links in it — needs 4.5:1. */
export const ACCENT_MIN_CONTRAST = 4.5;
/** A partner's label of a tracked action, shown on the challenge page. */
export const ACTION_LABEL_MAX_LENGTH = 120;
// Admin dashboard
/** Admin sessions: 12 h absolute, 30 min idle (ASVS 3.3.2 L2: re-authenticate after 12 h or 30 min of inactivity). */
export const ADMIN_SESSION_MAX_AGE_S = 12 * 3600;
export const ADMIN_SESSION_IDLE_S = 30 * 60;
/** last_seen_at is written at most this often per session (an idle check needs minutes, not ms). */
export const ADMIN_SESSION_TOUCH_S = 30;
/** Password → second factor must finish within this time (one-time ticket). */
export const ADMIN_LOGIN_TICKET_TTL_S = 10 * 60;
/** Consecutive failed passwords or TOTP codes before the account locks (ASVS 2.2.1; NIST 800-63B §5.2.2 ≤ 100). */
export const ADMIN_MAX_FAILED_LOGINS = 5;
export const ADMIN_LOCKOUT_S = 15 * 60;
/** Admin sign-in attempts per client IP in one window (password spraying across accounts). */
export const ADMIN_LOGIN_ATTEMPTS_PER_IP = 50;
export const ADMIN_LOGIN_WINDOW_S = 15 * 60;
/** Dashboard tables: rows per page (server-side keyset pagination). */
export const ADMIN_PAGE_SIZE = 50;
/** The review queue counts pending rows exactly up to this many, then shows "1,000+". */
export const QUEUE_COUNT_CAP = 1000;
// performance
/** Per-process client cache (PostgreSQL): changes invalidate at once by NOTIFY; this bounds an entry's age anyway. */
export const CLIENT_CACHE_TTL_S = 30;
/** Entries before the client cache starts over (unknown ids are never cached). */
export const CLIENT_CACHE_MAX_ENTRIES = 10_000;
// Authenticator (TOTP factors, challenges, end-user authenticator apps)
/** TOTP secrets: 160 bits (RFC 4226 §4 recommends 160; ASVS 6.5.x: ≥ 128). */
export const TOTP_SECRET_BYTES = 20;
/** RFC 6238 §5.2: accept one step either side for clock drift (ASVS 6.5: small window). */
export const TOTP_SKEW_STEPS = 1;
export const TOTP_PERIOD_S = 30;
/** tru.ID: challenges live 5 minutes. */
export const AUTHENTICATOR_CHALLENGE_TTL_S = 5 * 60;
/** Wrong codes per challenge before it is FAILED (ASVS 6.3.x anti-automation). */
export const AUTHENTICATOR_CHALLENGE_MAX_ATTEMPTS = 5;
/** Consecutive wrong codes per factor, across challenges, before it is locked (NIST 800-63B §5.2.2: ≤ 100). */
export const AUTHENTICATOR_FACTOR_MAX_FAILURES = 10;
export const AUTHENTICATOR_FACTOR_LOCK_S = 15 * 60;
/** Code checks per client per minute on factor and challenge PATCH (anti-automation across factors). */
export const AUTHENTICATOR_VERIFY_PER_CLIENT = 600;
/** Factors and challenges created per client per minute (resource abuse, OWASP API4). */
export const AUTHENTICATOR_CREATE_PER_CLIENT = 300;
export const AUTHENTICATOR_RATE_WINDOW_S = 60;
/** Lengths bounded at the boundary (ASVS 13.1.4 bound input). */
export const AUTHENTICATOR_EXTERNAL_ID_MAX = 128;
export const AUTHENTICATOR_REFERENCE_ID_MAX = 128;
export const AUTHENTICATOR_MESSAGE_MAX = 256;
/** Second-factor ticket after a right SMS code: minutes, one use, few tries (ASVS 6.4 / 7.x). */
export const SECOND_FACTOR_TICKET_TTL_S = 5 * 60;
export const SECOND_FACTOR_TICKET_MAX_ATTEMPTS = 5;
/** Recovery codes: 10 single-use codes of 10 base32 characters (50 bits); below ASVS 2.6.2's 112 bits, so stored as keyed HMACs (no offline guessing) and tried only through a rate-limited ticket. */
export const RECOVERY_CODE_COUNT = 10;

// Fault tolerance
/** Retry-After on 503 database_unavailable answers: a restart or failover usually takes seconds (RFC 9110 §10.2.3). */
export const DATABASE_UNAVAILABLE_RETRY_AFTER_S = 5;

// FAPI 2.0 Security Profile (issue 17): PAR, DPoP, private_key_jwt.
/** RFC 9126 §2.2 (expires_in); FAPI 2.0 SP §5.3.2.2 asks for less than 600 s: 60 s like codes. */
export const PAR_REQUEST_URI_TTL_S = 60;
/** request_uri reference: 256-bit random. */
export const PAR_REQUEST_URI_BYTES = 32;
/** RFC 9449 §11.1: a DPoP proof is accepted this long after its iat (the jti is remembered as long). */
export const DPOP_PROOF_MAX_AGE_S = 60;
/** FAPI 2.0 SP §5.3.1.3 / the conformance suite: clocks may be ≥10 s apart (iat up to this far ahead). */
export const JWT_CLOCK_SKEW_S = 15;
/** RFC 9449 §9: a server nonce is valid for this window (and the one before it). */
export const DPOP_NONCE_WINDOW_S = 60;
/** RFC 7523 §3: private_key_jwt assertions must expire within this (short-lived, single use). */
export const CLIENT_ASSERTION_MAX_LIFETIME_S = 300;
/** A client's jwks_uri document is cached this long (refetched sooner on an unknown kid, at most every 60 s). */
export const CLIENT_JWKS_CACHE_S = 300;
export const CLIENT_JWKS_MISS_REFETCH_S = 60;
/** jwks_uri fetch: short timeout, small cap (a JWK Set is a few KB). */
export const CLIENT_JWKS_TIMEOUT_MS = 3_000;
export const CLIENT_JWKS_MAX_BYTES = 64 * 1024;
/** Longest DPoP proof or client assertion accepted (bounded parsing). */
export const MAX_JWT_LENGTH = 8192;
/**
 * CORS (Fetch standard): how long a browser may reuse a preflight answer. Chromium caps it at
 * 7200 s, Firefox at 86400 s; 10 minutes bounds how long a removed redirect URI's origin keeps a
 * cached preflight (the actual response is checked every time).
 */
export const CORS_PREFLIGHT_MAX_AGE_S = 600;
/** Public clients' origins are re-read at most this often… */
export const CORS_ORIGINS_CACHE_S = 30;
/** …or sooner when an unknown origin asks (a client just registered), but not more often than this. */
export const CORS_ORIGINS_MISS_RELOAD_S = 2;
