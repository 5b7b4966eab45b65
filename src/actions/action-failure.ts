/**
 * The one way an action fails: a single line through setFailed (the user's
 * message and hint, or a bug's code and where to report it). The stack trace
 * is logged only with MODELREG_DEBUG=1 or the runner's step debug logging.
 */
import * as core from '@actions/core';
import { debugRequested, internalErrorLine, reportHint, stackOf, userErrorOf } from '../failure-report.js';

export function failAction(error: unknown): void {
  const userError = userErrorOf(error);
  if (userError) {
    // The same stable code the CLI prints, so a failed step can be looked up in the documentation's table.
    core.setFailed(`error[${userError.code}]: ${userError.message}${userError.hint ? ` (${userError.hint})` : ''}`);
    return;
  }
  const stack = debugRequested() ? stackOf(error) : undefined;
  if (stack) core.info(stack);
  core.setFailed(
    `${internalErrorLine(error)}. ${reportHint(stack !== undefined, 'set the ACTIONS_STEP_DEBUG secret or variable to true, or MODELREG_DEBUG=1, and re-run')}`,
  );
}
