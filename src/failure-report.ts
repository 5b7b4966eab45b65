/**
 * How a failure reaches a person, shared by the CLI and the actions: what the
 * user can fix as its message and hint, anything else as one line with an
 * error code and where to report it. The stack trace is for whoever debugs,
 * so it is shown only when asked for.
 */
import { contractDocUrl } from './domain/docs-url.js';
import { ERROR_CODES, type ErrorCode } from './domain/error-codes.js';
import { isUserError, type UserError } from './domain/errors.js';
import { explainEnvironmentError } from './git/repository-checks.js';
import { MODELREG_VERSION } from './version.js';

export const ISSUES_URL = 'https://github.com/modelreg/modelreg/issues';

/** The user-facing form of `error`, or undefined for a bug. */
export function userErrorOf(error: unknown): UserError | undefined {
  if (isUserError(error)) return error;
  return explainEnvironmentError(error);
}

/**
 * How a user error reads, the same in the CLI (on standard error) and in an
 * action (its failure annotation): `error[MODEL_NOT_FOUND]: <message>` with
 * the stable code first, so a script can match it, then the hint, then the
 * table of docs/contract.md's "Command errors" that lists the code, for a
 * person to look it up.
 */
export function userErrorLines(error: UserError): string[] {
  return [
    `error[${error.code}]: ${error.message}`,
    ...(error.hint ? [`hint: ${error.hint}`] : []),
    `docs: ${errorDocUrl(error.code)}`,
  ];
}

/** Where docs/contract.md explains `code`. */
export function errorDocUrl(code: ErrorCode): string {
  return contractDocUrl(ERROR_CODES[code].anchor);
}

/** MODELREG_DEBUG=1, or step debug logging on an Actions runner. */
export function debugRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MODELREG_DEBUG === '1' || env.ACTIONS_STEP_DEBUG === 'true' || env.RUNNER_DEBUG === '1';
}

/** `error[INTERNAL]: <first line of the message>`: a bug's message can run to many lines (a tool's stderr). */
export function internalErrorLine(error: unknown): string {
  const message =
    error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const first = message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
  return `error[INTERNAL]: ${first.trim()}`;
}

/** Where and how to report a bug; `askForTrace` says how to get the trace when it was not shown. */
export function reportHint(traceShown: boolean, askForTrace = 'run it again with MODELREG_DEBUG=1'): string {
  return `This is a bug in modelreg ${MODELREG_VERSION}; please report it at ${ISSUES_URL} with what you ran${traceShown ? ' and the trace' : ` (${askForTrace} to add the trace)`}.`;
}

export function stackOf(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : undefined;
}
