/**
 * The registry at the commit a flag names (`--at`, `--ref`), with the forms the flag takes in the hint of a name
 * that is none of them. No command-line parser here: the plain `resolve` (plain-resolve.ts) uses it too.
 */
import { isUserError, UserError } from '../domain/errors.js';
import type { Registry } from '../registry/registry.js';
import type { RegistryView } from '../registry/registry-view.js';

/** What --at (and --ref) take, for its help and for the hint of a name that is none of them. */
export const AT_FORMS =
  'a branch, tag or commit id (~N and ^N suffixes work), a date (2026-01-15: the branch as it was at the end of that day, UTC) or an ISO date-time (2026-01-15T12:00:00Z, 2026-01-15T14:00+02:00)';

/**
 * The registry at the commit `flag` names. A name that is no commit and no
 * date (\`--at yesterday\`, \`--at 2026-01\`) is told every form the flag takes.
 */
export async function viewAt(registry: Registry, ref: string | undefined, flag = '--at'): Promise<RegistryView> {
  try {
    return await registry.at(ref);
  } catch (error) {
    if (
      isUserError(error) &&
      (error.code === 'REF_NOT_FOUND' || error.code === 'NOT_A_COMMIT' || error.code === 'USAGE')
    ) {
      const message = error.message.startsWith(flag) ? error.message : `${flag}: ${error.message}`;
      throw new UserError(error.code, message, `${flag} takes ${AT_FORMS}.`);
    }
    throw error;
  }
}
