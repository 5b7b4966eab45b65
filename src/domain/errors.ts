/**
 * The few error types modelreg throws. Everything a user can cause is a
 * `UserError` with a stable code and a hint; anything else is a bug and is
 * reported as such by the CLI's top-level catch.
 */

/** A failure the user can fix: bad arguments, a missing model, a dirty tree. */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    /** Stable, documented identifier, e.g. `MODEL_NOT_FOUND`. */
    readonly code: string,
    message: string,
    /** One or two sentences telling the user how to fix it. */
    readonly hint?: string,
    /** Process exit code the CLI should use (1: nothing found / rejected, 2: usage). */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

/** Thrown when validation refuses a change; carries the findings to render. */
export class ContractViolation extends UserError {
  constructor(
    message: string,
    readonly findings: readonly import('./findings.js').Finding[],
  ) {
    super('CONTRACT_VIOLATION', message, 'Fix the findings listed above and try again.', 1);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
