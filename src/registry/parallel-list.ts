/**
 * `list`'s rows for the whole registry with the parsing shared out to worker
 * threads when it is large (parallel-models.ts); otherwise, or for one
 * model, RegistryView.listInBatches itself. Either way the batches, their
 * rows, the error thrown and what is kept in the cache are the same.
 */
import {
  LIST_BATCH_SIZE,
  listCacheKey,
  type ListFilter,
  type RegistryView,
  type VersionSummary,
} from './registry-view.js';
import { modelDir } from '../domain/layout.js';
import type { ModelResultCache } from '../snapshot/model-result-cache.js';
import { startModelWorkers } from '../validate/parallel-models.js';
import { describeError, rebuildError, type ModelRowsResult } from '../validate/parallel-protocol.js';

/** Models per job handed to a worker. */
const JOB_SIZE = 16;

export async function* listInBatches(
  view: RegistryView,
  filter: ListFilter = {},
  cache?: ModelResultCache<VersionSummary[]>,
): AsyncGenerator<VersionSummary[]> {
  if (filter.model !== undefined) return yield* view.listInBatches(filter, cache);
  if (filter.stage !== undefined) await view.requireStage(filter.stage);
  const names = await view.modelNames();
  const keys = await Promise.all(
    names.map(async (name) => {
      const treeId = cache ? (await view.source.entry(modelDir(name)))?.id : undefined;
      return treeId === undefined ? undefined : listCacheKey(name, treeId);
    }),
  );
  const known = keys.map((key) => (key === undefined ? undefined : cache!.get(key)));
  const pending = names.filter((_, i) => known[i] === undefined);
  const workers = startModelWorkers(view.source, pending.length, (job) => listRows(view, job.models));
  if (!workers) return yield* view.listInBatches(filter, cache);
  try {
    const jobs = [];
    for (let start = 0; start < pending.length; start += JOB_SIZE)
      jobs.push({ task: 'list' as const, models: pending.slice(start, start + JOB_SIZE) });
    const answers = workers.inOrder<ModelRowsResult<VersionSummary>>(jobs);
    let answer: ModelRowsResult<VersionSummary> = [];
    let used = 0;
    const nextAnswer = async () => {
      if (used === answer.length) {
        answer = (await answers.next()).value!;
        used = 0;
      }
      return answer[used++]!;
    };
    for (let start = 0; start < names.length; start += LIST_BATCH_SIZE) {
      const batch: VersionSummary[] = [];
      let failure: Error | undefined;
      for (let i = start; i < Math.min(start + LIST_BATCH_SIZE, names.length); i++) {
        const cached = known[i];
        if (cached) {
          batch.push(...cached);
          continue;
        }
        const computed = await nextAnswer();
        if ('error' in computed) {
          failure ??= rebuildError(computed.error);
          continue;
        }
        const key = keys[i];
        if (key !== undefined) cache!.put(key, [...computed.rows]);
        batch.push(...computed.rows);
      }
      // As the serial path: the first failing model of the batch, after the batches before it were printed.
      if (failure) throw failure;
      yield batch.filter((v) => filter.stage === undefined || v.stage === filter.stage);
    }
  } finally {
    await workers.close();
  }
}

/** Each model's rows, or its error (the caller decides which error the serial path would have thrown). */
export async function listRows(
  view: RegistryView,
  models: readonly string[],
): Promise<ModelRowsResult<VersionSummary>> {
  const settled = await Promise.allSettled(models.map((name) => view.summaries(name, undefined)));
  return settled.map((s) => (s.status === 'fulfilled' ? { rows: s.value } : { error: describeError(s.reason) }));
}
