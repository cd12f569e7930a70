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

/** TRUSTGATE_SECRET minimum length (256 bits when base64/hex encoded). */
export const TRUSTGATE_SECRET_MIN_LENGTH = 32;
