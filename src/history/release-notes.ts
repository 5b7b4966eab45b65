/**
 * The release record the push check keeps in git (refs/notes/modelreg, one
 * note per releasing commit; written by github/release-record.ts)
 * as history reads it back: the audit trusts a recorded emergency release,
 * not the trailer a commit claims it with.
 */
import type { GitPort } from '../git/git-port.js';

export const NOTES_REF = 'refs/notes/modelreg';

export interface RecordedEmergency {
  readonly reason: string;
  /** The GitHub user the push check let through (the push's sender). */
  readonly by: string;
}

/** The emergency a commit's release note records, or undefined (no note, another kind of release, an unreadable note). */
export async function recordedEmergency(git: GitPort, commit: string): Promise<RecordedEmergency | undefined> {
  const text = await git.readNote(NOTES_REF, commit).catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const note = JSON.parse(text) as { emergency?: { reason?: unknown; by?: unknown } };
    const { reason, by } = note.emergency ?? {};
    return typeof reason === 'string' && typeof by === 'string' ? { reason, by } : undefined;
  } catch {
    return undefined;
  }
}
