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

/** One change of a stage's holders: its commit message and the holders before and after it. */
export interface HolderChangeFacts {
  readonly message: string;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/**
 * The versions `latest` took out of the stage when it undid `previous` (the holders it left are those from
 * before `previous`): what reverting `latest` would put back. Empty when `latest` is not such a rollback, or is a
 * modelreg promotion (which re-promotes a version that was rolled back, and says so in its trailer).
 */
export function versionsARollbackWouldPutBack(
  latest: HolderChangeFacts,
  previous: HolderChangeFacts,
  model: string,
): string[] {
  if (!sameVersions(latest.after, previous.before)) return [];
  if (parseTrailers(latest.message).some((t) => t.model === model && t.action === 'promote')) return [];
  return latest.before.filter((v) => !latest.after.includes(v));
}

function sameVersions(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
