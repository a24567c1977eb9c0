/**
 * The closed list of error codes the API promises. Every error answer has the shape
 * `{ error: { code, message, fields? } }`; `message` is in the caller's language.
 */
export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'csrf_rejected',
  'invalid_credentials',
  'account_locked',
  'sign_in_throttled',
  'rate_limited',
  'invalid_code',
  'wrong_stage',
  'password_rejected',
  'conflict',
  'last_group_admin',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One field that failed, with the reason in the caller's language. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    fields?: FieldError[];
    retryAfterSeconds?: number;
  };
}
