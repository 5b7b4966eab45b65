/**
 * Who held a stage, change by change, along a model's timeline (newest
 * first, as model-timeline.ts reads it). Planning only: the timeline is
 * handed in, so `rollback`, its guard and the model pages all answer from
 * the same function, and a test can hand it a timeline built in memory. It
 * is consumed lazily, newest first, and left as soon as the answer is known:
 * a shallow clone's oldest commits are never asked for.
 */
import type { ModelState } from '../snapshot/registry-snapshot.js';
// Only the pure helpers of model-timeline.ts: the walk itself is the caller's.
import { parseTrailers } from '../domain/commit-trailers.js';
import { modelDir } from '../domain/layout.js';
import type { CommitInfo } from '../git/git-port.js';
import { pathInRepository, type RegistryRepository } from '../snapshot/registry-repository.js';
import { holders } from './model-timeline.js';

/** One state of a model on the branch; model-timeline.ts's ModelRevision is one. */
export interface TimelineEntry {
  readonly state: ModelState;
}

/** Newest first. */
export type Timeline<Entry extends TimelineEntry> = AsyncIterable<Entry> | Iterable<Entry>;

export interface HolderChange<Entry extends TimelineEntry> {
  /** The entry whose state changed who holds the stage. */
  readonly change: Entry;
  /** The entry just before it. */
  readonly before: Entry;
}

/** The newest `limit` changes of who holds `stage`, newest first. */
export async function holderChanges<Entry extends TimelineEntry>(
  timeline: Timeline<Entry>,
  stage: string,
  limit: number,
): Promise<HolderChange<Entry>[]> {
  const changes: HolderChange<Entry>[] = [];
  if (limit <= 0) return changes;
  let newer: Entry | undefined;
  for await (const entry of timeline) {
    if (newer && weightedHolders(newer.state, stage) !== weightedHolders(entry.state, stage)) {
      changes.push({ change: newer, before: entry });
      if (changes.length === limit) break;
    }
    newer = entry;
  }
  return changes;
}

/** The newest change of who holds `stage`, with the state before it; undefined when the holders never changed. */
export async function latestHolderChange<Entry extends TimelineEntry>(
  timeline: Timeline<Entry>,
  stage: string,
): Promise<HolderChange<Entry> | undefined> {
  return (await holderChanges(timeline, stage, 1))[0];
}

/** The holders of `stage` with the weights written in a split stage: a ramp step changes who holds how much. */
function weightedHolders(state: ModelState, stage: string): string {
  return holders(state, stage)
    .map((version) => `${version}=${state.versions.get(version)?.value?.weight ?? ''}`)
    .join();
}

/** One change of a stage's holders: the holders before and after it, and the messages that say what it was. */
export interface HolderChangeFacts {
  readonly before: readonly string[];
  readonly after: readonly string[];
  /** Read only when needed: for a merge, the merged side's commits are read too (messagesBroughtBy). */
  readonly messages: () => Promise<readonly string[]>;
}

/**
 * The versions `latest` took out of the stage when it undid `previous` (the holders it left are those from
 * before `previous`): what reverting `latest` would put back. Empty when `latest` is not such a rollback, or is a
 * modelreg promotion (which re-promotes a version that was rolled back, and says so in its trailer).
 */
export async function versionsARollbackWouldPutBack(
  latest: HolderChangeFacts,
  previous: Pick<HolderChangeFacts, 'before'>,
  model: string,
): Promise<string[]> {
  if (!sameVersions(latest.after, previous.before)) return [];
  if (saysPromotion(await latest.messages(), model)) return [];
  return latest.before.filter((v) => !latest.after.includes(v));
}

/** Whether one of the messages carries modelreg's promote trailer for the model: the change was a promotion. */
export function saysPromotion(messages: readonly string[], model: string): boolean {
  return messages.some((m) => parseTrailers(m).some((t) => t.model === model && t.action === 'promote'));
}

/**
 * What says what a change of the model was: the commit's message and, for a merge commit, the message of the
 * newest commit on each merged side that changed the model. A pull request merged with a merge commit keeps
 * modelreg's trailers in its own commits, not in "Merge pull request #…" (squash and rebase merges keep them).
 */
export async function messagesBroughtBy(
  repository: RegistryRepository,
  commit: CommitInfo,
  model: string,
): Promise<string[]> {
  const messages = [commit.message];
  for (const parent of commit.parents.slice(1)) {
    for await (const oid of repository.git.firstParentLog(parent, pathInRepository(repository, modelDir(model)))) {
      messages.push((await repository.git.readCommit(oid)).message);
      break;
    }
  }
  return messages;
}

function sameVersions(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
