/**
 * The few error types modelreg throws. Everything a user can cause is a
 * `UserError` with a stable code and a hint; anything else is a bug and is
 * reported as such by the CLI's top-level catch.
 */
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** A failure the user can fix: bad arguments, a missing model, a dirty tree. */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  /** Process exit code the CLI uses, from the code's entry in ERROR_CODES (1: refused or not found, 2: usage). */
  readonly exitCode: 1 | 2;
  constructor(
    /** Stable, documented identifier, e.g. `MODEL_NOT_FOUND` (src/domain/error-codes.ts). */
    readonly code: ErrorCode,
    /** What went wrong, and where (a file:line:col, a ref, a URL). */
    message: string,
    /** One or two sentences telling the user how to fix it. */
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.exitCode = ERROR_CODES[code].exit;
  }
}

/** Thrown when validation refuses a change; carries the findings to render. */
export class ContractViolation extends UserError {
  constructor(
    message: string,
    readonly findings: readonly import('./findings.js').Finding[],
  ) {
    super('CONTRACT_VIOLATION', message, 'Fix the findings listed above and try again.');
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
