/** The author of commits modelreg makes: git's identity, or a clear error saying how to set it. */
import { UserError } from '../domain/errors.js';
import type { GitPort } from './git-port.js';

export async function requireIdentity(git: Pick<GitPort, 'identity'>): Promise<{ name: string; email: string }> {
  const identity = await git.identity();
  if (!identity) {
    throw new UserError(
      'NO_GIT_IDENTITY',
      'git does not know who you are (user.name / user.email are not set)',
      'Run: git config --global user.name "Your Name" && git config --global user.email you@example.com',
    );
  }
  return identity;
}
