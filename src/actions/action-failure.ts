/**
 * The one way an action fails: through setFailed, with a user error's lines
 * as the CLI prints them (code and message, hint, documentation link), or a
 * bug's code and where to report it. The stack trace is logged only with
 * MODELREG_DEBUG=1 or the runner's step debug logging.
 */
import * as core from '@actions/core';
import {
  debugRequested,
  internalErrorLine,
  reportHint,
  stackOf,
  userErrorLines,
  userErrorOf,
} from '../failure-report.js';

export function failAction(error: unknown): void {
  const userError = userErrorOf(error);
  if (userError) {
    // The lines the CLI prints, so a failed step reads (and is looked up) the same way as a failed command.
    core.setFailed(userErrorLines(userError).join('\n'));
    return;
  }
  const stack = debugRequested() ? stackOf(error) : undefined;
  if (stack) core.info(stack);
  core.setFailed(
    `${internalErrorLine(error)}. ${reportHint(stack !== undefined, 'set the ACTIONS_STEP_DEBUG secret or variable to true, or MODELREG_DEBUG=1, and re-run')}`,
  );
}
