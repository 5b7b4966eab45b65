/** Two entries whose names differ only in case break checkouts on macOS and Windows. */
import { finding, FILE_START, type Finding } from '../../domain/findings.js';
import type { ValidationInput } from '../validation-input.js';

export function checkCaseCollisions(input: ValidationInput): Finding[] {
  return input.caseCollisions.map(({ path, other }) =>
    finding(
      'PATH_CASE_COLLISION',
      'error',
      path,
      FILE_START,
      `${path} and ${other} differ only in case: on macOS and Windows they are the same path, ` +
        'so a checkout there keeps one of them and shows the other as modified',
      `Rename or remove one of them (git mv ${path} <new name>); registry paths are lowercase.`,
    ),
  );
}
