/**
 * How a command that failed says so: a contract violation's findings, a user error's code, message and hint, or
 * a bug in one line (the stack only when asked for). Shared by the command line and the plain paths that run
 * without it (plain-resolve.ts).
 */
import { ContractViolation } from '../domain/errors.js';
import {
  debugRequested,
  internalErrorLine,
  reportHint,
  stackOf,
  userErrorLines,
  userErrorOf,
} from '../failure-report.js';
import { EXIT, type Io } from './io.js';
import { renderFindings, summaryLine } from './render/findings.js';

/** The exit code, after writing what failed to `io.err`. */
export function reportCommandFailure(error: unknown, io: Io): number {
  if (error instanceof ContractViolation) {
    io.err(renderFindings(error.findings, 'text', false));
    io.err(summaryLine(error.findings));
  }
  const userError = userErrorOf(error);
  if (userError) {
    io.err(`${userErrorLines(userError).join('\n')}\n`);
    return userError.exitCode;
  }
  // A bug: one line with a code; the stack only when asked for (MODELREG_DEBUG=1).
  const debug = debugRequested();
  io.err(`${internalErrorLine(error)}\n`);
  const stack = debug ? stackOf(error) : undefined;
  if (stack) io.err(`${stack}\n`);
  io.err(`hint: ${reportHint(stack !== undefined)}\n`);
  return EXIT.usage;
}
