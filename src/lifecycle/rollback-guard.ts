/**
 * A rollback reverts the latest change of who holds a stage. When that change
 * was itself a rollback, reverting it puts back the very version that was
 * taken out of the stage, usually for a reason: a second `rollback` in a row
 * is refused unless asked for (--force), and --to names what to restore.
 */
import { UserError } from '../domain/errors.js';
import type { CommitInfo } from '../git/git-port.js';
import { holderChanges, versionsARollbackWouldPutBack, type Timeline } from '../history/holder-changes.js';
import { holders, type ModelRevision } from '../history/model-timeline.js';

/**
 * Refuses when the latest holder change of `stage` undid the one before it
 * (recognised by history, so a revert made by any git client counts): the
 * holders it left are those from before the previous change, and it is not
 * a modelreg promotion (which re-promotes a version that was rolled back).
 */
export async function refuseRevertingARollback(
  timeline: Timeline<Pick<ModelRevision, 'commit' | 'state'>>,
  model: string,
  stage: string,
  /** What says what a change was (messagesBroughtBy); by default the commit's own message. */
  messagesOf: (commit: CommitInfo) => Promise<readonly string[]> = async (commit) => [commit.message],
): Promise<void> {
  const [latest, previous] = (await holderChanges(timeline, stage, 2)).map(({ change, before }) => ({
    commit: change.commit.oid,
    messages: () => messagesOf(change.commit),
    before: holders(before.state, stage),
    after: holders(change.state, stage),
  }));
  if (!latest || !previous) return;
  const putBack = await versionsARollbackWouldPutBack(latest, previous, model);
  if (putBack.length === 0) return;
  const earlier = [...new Set([...previous.before, ...latest.after])].filter((v) => !putBack.includes(v));
  throw new UserError(
    'ROLLBACK_OF_ROLLBACK',
    `the latest change of ${stage} for ${model} (${latest.commit.slice(0, 7)}) was itself a rollback that took ${putBack.join(', ')} out of ${stage}; ` +
      `rolling it back would put ${putBack.join(', ')} back. Nothing was changed`,
    `To restore a particular version, name it: modelreg rollback ${model} --stage ${stage} --to <version>` +
      `${earlier.length > 0 ? ` (e.g. ${earlier.join(', ')})` : ''}; to put ${putBack.join(', ')} back anyway, add --force.`,
  );
}
