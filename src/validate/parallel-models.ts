/**
 * Whole-registry work shared out to worker threads. Models are independent,
 * so a cold `validate --all` or `list` of a large registry is parsed and
 * judged on every core: each worker opens the same snapshot (its own
 * `git cat-file`, see source-recipe.ts) and takes batches of model names;
 * results come back in the order the batches were handed out, so the output
 * is byte for byte the serial path's. Starting a worker costs a Node
 * isolate and loading the code again, so small registries stay on one thread.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { recipeOf, type SourceRecipe } from '../snapshot/source-recipe.js';
import type { SnapshotSource } from '../snapshot/snapshot-source.js';
import { rebuildError, type ModelJob, type ModelJobReply, type ModelJobResult } from './parallel-protocol.js';

/**
 * Models to parse below which one thread stays: each worker costs a start-up
 * and loading the code again (on M, 1,000 models, cold validate --all took
 * 1.45 s CPU on one thread and 1.9 s with one worker). The crossover could not
 * be measured on the shared 2-core machine (load average 8-10, so neither
 * core was free); until it is, registries of M's size stay on one thread.
 */
const DEFAULT_MIN_MODELS = 2_000;
/** Jobs handed to a worker before it answers: one to work on, one waiting, so it never idles while results travel. */
const JOBS_PER_WORKER = 2;

export interface ParallelSettings {
  /** Models to parse (not served from a cache) at which workers start; 0 forces them on. */
  readonly minModels: number;
  /** Worker threads besides the calling thread (which takes jobs too); 0 keeps everything on the calling thread. */
  readonly workers: number;
}

let settings: ParallelSettings | undefined;
let threadsStarted = 0;

/** Worker threads this process has started: tests check that the parallel path really ran. */
export function workerThreadsStarted(): number {
  return threadsStarted;
}

/**
 * Overrides when workers are used (tests force them on for a small registry;
 * undefined restores the defaults). `MODELREG_WORKERS=0` turns them off.
 */
export function useParallelSettings(next: ParallelSettings | undefined): void {
  settings = next;
}

function currentSettings(): ParallelSettings {
  if (settings) return settings;
  // The calling thread takes jobs too: one worker fewer than cores to start (and pay for).
  const workers = process.env.MODELREG_WORKERS === '0' ? 0 : Math.min(availableParallelism() - 1, 3);
  return { minModels: DEFAULT_MIN_MODELS, workers: Math.max(workers, 0) };
}

/** The worker entry beside this module: lib/validate/ (library), lib/cli-bundle/ (CLI), src/validate/ (tests, through tsx). */
function workerEntry(): ((data: unknown) => Worker) | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Tests run the TypeScript sources: the worker loads them through tsx's loader, as vitest's own process does.
    const entry = new URL('./parallel-worker.ts', here).href;
    const tsx = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const code = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
    return (workerData) => new Worker(code, { eval: true, workerData });
  }
  const entry = new URL('./parallel-worker.js', here);
  // A bundle without the worker beside it (the GitHub Action's single file) keeps to one thread.
  if (!existsSync(entry)) return undefined;
  return (workerData) => new Worker(entry, { workerData });
}

/**
 * Workers for `pendingModels` models of `source`, or undefined when the
 * calling thread should do the work: too few models, one core, no worker
 * entry, or a snapshot that cannot be reopened in another thread.
 */
export function startModelWorkers(
  source: SnapshotSource,
  pendingModels: number,
  /** How the calling thread does a job itself: the same function a worker runs. */
  local: (job: ModelJob) => Promise<ModelJobResult>,
): ModelWorkers | undefined {
  const { minModels, workers } = currentSettings();
  if (workers < 1 || pendingModels < Math.max(minModels, 1)) return undefined;
  const recipe = recipeOf(source);
  const start = recipe && workerEntry();
  if (!recipe || !start) return undefined;
  // No more workers than there are jobs worth sharing.
  return new ModelWorkers(start, recipe, Math.min(workers, Math.ceil(pendingModels / 16)), local);
}

interface Slot {
  /** Undefined for the calling thread. */
  readonly worker: Worker | undefined;
  readonly waiting: Map<number, { resolve: (result: ModelJobResult) => void; reject: (error: Error) => void }>;
}

export class ModelWorkers {
  private readonly slots: Slot[] = [];
  private nextId = 0;

  constructor(
    start: (data: unknown) => Worker,
    recipe: SourceRecipe,
    count: number,
    private readonly local: (job: ModelJob) => Promise<ModelJobResult>,
  ) {
    this.slots.push({ worker: undefined, waiting: new Map() });
    for (let i = 0; i < count; i++) {
      const worker = start({ recipe } satisfies { recipe: SourceRecipe });
      threadsStarted += 1;
      const slot: Slot = { worker, waiting: new Map() };
      worker.on('message', (reply: ModelJobReply) => {
        const waiting = slot.waiting.get(reply.id);
        slot.waiting.delete(reply.id);
        if (!waiting) return;
        if ('error' in reply) waiting.reject(rebuildError(reply.error));
        else waiting.resolve(reply.result);
      });
      const failAll = (error: Error) => {
        for (const waiting of slot.waiting.values()) waiting.reject(error);
        slot.waiting.clear();
      };
      worker.on('error', failAll);
      worker.on('exit', (code) => failAll(new Error(`a worker thread stopped (exit code ${code})`)));
      this.slots.push(slot);
    }
  }

  /**
   * Runs `jobs`, each on the least busy worker, at most JOBS_PER_WORKER per
   * worker at a time, and yields their results in the order of `jobs`.
   */
  async *inOrder<R extends ModelJobResult>(jobs: readonly ModelJob[]): AsyncGenerator<R> {
    const results: Promise<ModelJobResult>[] = [];
    let sent = 0;
    const limit = this.slots.length * JOBS_PER_WORKER;
    for (let taken = 0; taken < jobs.length; taken++) {
      while (sent < jobs.length && sent - taken < limit) {
        const result = this.send(jobs[sent]!);
        // Awaited in order below; until then a failure must not count as unhandled.
        result.catch(() => undefined);
        results[sent++] = result;
      }
      const result = results[taken]!;
      delete results[taken];
      yield (await result) as R;
    }
  }

  private send(job: ModelJob): Promise<ModelJobResult> {
    const slot = this.slots.reduce((best, s) => (s.waiting.size < best.waiting.size ? s : best));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject });
      if (slot.worker) slot.worker.postMessage({ ...job, id });
      else {
        const done = () => slot.waiting.delete(id);
        this.local(job).then(
          (result) => (done(), resolve(result)),
          (error: unknown) => (done(), reject(error as Error)),
        );
      }
    });
  }

  /** Stops every worker (and with it its git process). */
  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker?.terminate()));
  }
}
