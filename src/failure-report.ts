/**
 * How a failure reaches a person, shared by the CLI and the actions: what the
 * user can fix as its message and hint, anything else as one line with an
 * error code and where to report it. The stack trace is for whoever debugs,
 * so it is shown only when asked for.
 */
import { isUserError, UserError } from './domain/errors.js';
import { explainEnvironmentError } from './git/repository-checks.js';
import { GitHubApiError } from './github/github-port.js';
import { MODELREG_VERSION } from './version.js';

export const ISSUES_URL = 'https://github.com/modelreg/modelreg/issues';

/** The user-facing form of `error`, or undefined for a bug. */
export function userErrorOf(error: unknown): UserError | undefined {
  if (isUserError(error)) return error;
  // GitHub refusing or not answering is about the token, the network or GitHub, not a bug.
  if (error instanceof GitHubApiError) return new UserError('GITHUB_API', error.message, gitHubApiHint(error.status));
  return explainEnvironmentError(error);
}

function gitHubApiHint(status: number | undefined): string {
  if (status === 401) return 'GitHub did not accept the token: pass a valid one.';
  if (status === 403 || status === 404)
    return 'The token may not see or do this: check its permissions and the repository it is for.';
  return 'Check the network and the API URL, then run it again.';
}

/**
 * `error[MODEL_NOT_FOUND]: <message>`: the stable code first, so a person can
 * look it up (docs/contract.md, "Command errors") and a script can match it.
 */
export function userErrorLine(error: UserError): string {
  return `error[${error.code}]: ${error.message}`;
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
