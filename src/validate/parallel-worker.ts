/**
 * Entry of a model worker thread (started by parallel-models.ts): opens the
 * snapshot it is given and answers jobs of model names with full-validation
 * findings or `list` rows, computed by the same functions the main thread
 * uses when it works alone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RegistryView } from '../registry/registry-view.js';
import { openRecipe, type SourceRecipe } from '../snapshot/source-recipe.js';
import { listRows } from '../registry/parallel-list.js';
import { describeError, type ModelJob, type ModelJobReply } from './parallel-protocol.js';
import { validateModelBatch } from './validate-snapshot.js';

const port = parentPort!;
const source = openRecipe((workerData as { recipe: SourceRecipe }).recipe);
const view = new RegistryView(source, undefined);

port.on('message', (job: ModelJob & { id: number }) => {
  const work = job.task === 'validate' ? validateModelBatch(source, job.models) : listRows(view, job.models);
  work.then(
    (result) => port.postMessage({ id: job.id, result } satisfies ModelJobReply),
    (error: unknown) => port.postMessage({ id: job.id, error: describeError(error) } satisfies ModelJobReply),
  );
});
