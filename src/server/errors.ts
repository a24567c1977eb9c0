import type { ErrorCode } from '../contract/errors.ts';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  csrf_rejected: 403,
  invalid_credentials: 401,
  account_locked: 403,
  sign_in_throttled: 429,
  rate_limited: 429,
  invalid_code: 400,
  wrong_stage: 409,
  password_rejected: 400,
  conflict: 409,
  last_group_admin: 409,
  internal: 500,
};

/** A field that failed a rule; the handler words it in the caller's language. */
export interface FieldProblem {
  field: string;
  /** A key of the `field` messages, e.g. `required`, `email_taken`, `too_long`. */
  rule: string;
  params?: Record<string, string | number>;
}

/**
 * The one error type the API answers with. Services throw it for what the caller must be
 * told; anything else becomes a generic 500 and is logged with its cause.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly fields: FieldProblem[] = [],
    readonly details: { retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'AppError';
    this.status = STATUS[code];
  }

  /** A validation failure on one field. */
  static field(field: string, rule: string, params?: Record<string, string | number>): AppError {
    return new AppError('validation_failed', [{ field, rule, params }]);
  }
}
