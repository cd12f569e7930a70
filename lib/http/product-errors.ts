// Product errors: one catalogue of codes, statuses and messages. Same wire format as OAuth errors.
export const PRODUCT_ERRORS = {
  not_found: { status: 404, message: "The requested resource does not exist" },
  method_not_allowed: { status: 405, message: "This method is not allowed on this resource" },
  unsupported_media_type: { status: 415, message: "The request body must be application/json" },
  payload_too_large: { status: 413, message: "The request body is too large" },
  validation_failed: { status: 400, message: "The request is invalid" },
  malformed_json: { status: 400, message: "The request body is not valid JSON" },
  client_not_found: { status: 404, message: "No client with this id" },
  workspace_not_found: { status: 404, message: "No workspace with this id" },
  public_client_has_no_secret: { status: 400, message: "Public clients have no secret to rotate" },
  admin_exists: { status: 409, message: "An admin with this email already exists" },
  weak_password: { status: 400, message: "The password does not meet the policy" },
  database_unavailable: { status: 503, message: "The database is not answering" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ProductErrorCode = keyof typeof PRODUCT_ERRORS;

export class ProductError extends Error {
  readonly status: number;
  readonly description: string;
  constructor(
    readonly code: ProductErrorCode,
    description?: string,
    readonly details?: unknown,
  ) {
    const entry = PRODUCT_ERRORS[code];
    super(description ?? entry.message);
    this.status = entry.status;
    this.description = description ?? entry.message;
  }
  toJSON(): { error: string; error_description: string; details?: unknown } {
    return { error: this.code, error_description: this.description, ...(this.details === undefined ? {} : { details: this.details }) };
  }
}
