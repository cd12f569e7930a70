// Protocol errors with RFC 6749 §5.2 wire format. Each has a fixed status.
export abstract class OAuthError extends Error {
  abstract readonly error: string;
  abstract readonly status: number;
  readonly headers: Record<string, string> = {};
  constructor(readonly description: string) {
    super(description);
  }
  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequest extends OAuthError {
  readonly error = "invalid_request";
  readonly status = 400;
}

export class InvalidClient extends OAuthError {
  readonly error = "invalid_client";
  readonly status = 401;
  constructor(description = "Client authentication failed") {
    super(description);
    // RFC 6749 §5.2: a 401 answer names the scheme the client may use.
    this.headers["WWW-Authenticate"] = 'Basic realm="trustgate", charset="UTF-8"';
  }
}

export class InvalidGrant extends OAuthError {
  readonly error = "invalid_grant";
  readonly status = 400;
}

export class UnauthorizedClient extends OAuthError {
  readonly error = "unauthorized_client";
  readonly status = 400;
}

export class UnsupportedGrantType extends OAuthError {
  readonly error = "unsupported_grant_type";
  readonly status = 400;
}

export class InvalidScope extends OAuthError {
  readonly error = "invalid_scope";
  readonly status = 400;
}

export class InvalidToken extends OAuthError {
  readonly error = "invalid_token";
  readonly status = 401;
  constructor(description = "The access token is missing, expired or revoked") {
    super(description);
    this.headers["WWW-Authenticate"] = `Bearer error="invalid_token"`;
  }
}

/** RFC 6750 §3.1: a valid token that does not carry what this resource needs. */
export class InsufficientScope extends OAuthError {
  readonly error = "insufficient_scope";
  readonly status = 403;
  constructor(description: string) {
    super(description);
    this.headers["WWW-Authenticate"] = `Bearer error="insufficient_scope"`;
  }
}

export class TooManyRequests extends OAuthError {
  readonly error = "too_many_requests";
  readonly status = 429;
  constructor(description: string, retryAfterSeconds: number) {
    super(description);
    this.headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class ServerError extends OAuthError {
  readonly error = "server_error";
  readonly status = 500;
}

export class TemporarilyUnavailable extends OAuthError {
  readonly error = "temporarily_unavailable";
  readonly status = 503;
}

/**
 * RFC 9449 §5/§7.1: a DPoP proof that does not hold up. At the token endpoint a 400; at a resource
 * a 401 with a DPoP challenge (`resource: true`).
 */
export class InvalidDpopProof extends OAuthError {
  readonly error = "invalid_dpop_proof";
  readonly status: number;
  constructor(description: string, options: { resource?: boolean } = {}) {
    super(description);
    this.status = options.resource ? 401 : 400;
    if (options.resource) this.headers["WWW-Authenticate"] = `DPoP error="invalid_dpop_proof", algs="ES256 PS256 EdDSA RS256"`;
  }
}

/** RFC 9449 §8/§9: the proof must carry the server's current nonce, sent back in DPoP-Nonce. */
export class UseDpopNonce extends OAuthError {
  readonly error = "use_dpop_nonce";
  readonly status: number;
  constructor(nonce: string, options: { resource?: boolean } = {}) {
    super("A DPoP proof with the nonce in the DPoP-Nonce header is required");
    this.status = options.resource ? 401 : 400;
    this.headers["DPoP-Nonce"] = nonce;
    if (options.resource) this.headers["WWW-Authenticate"] = `DPoP error="use_dpop_nonce", algs="ES256 PS256 EdDSA RS256"`;
  }
}
