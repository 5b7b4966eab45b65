/**
 * Pull: a version's artifacts into a directory, all or nothing. Each is
 * streamed into a partial file beside its destination, hashed as it is
 * written, and renamed into place only when every artifact's sha256 and
 * size match the registry. A failure removes every partial file of the
 * run; a killed run leaves its partial files, which the next pull into the
 * same directory resumes by range (and starts over when the bytes it had do
 * not lead to the recorded digest).
 */
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../domain/errors.js';
import { digestFile } from '../registry/local-inputs.js';
import type { ModelRef } from '../domain/model-ref.js';
import type { RegistryView } from '../registry/registry-view.js';
import { displayUri, type StoreOptions } from './artifact-store.js';
import { planPull, type PlannedArtifact } from './pull-plan.js';
import { ArtifactStores } from './stores.js';
import { freshStart, startFromFile, transfer, type Transferred } from './transfer.js';

export interface PullOptions extends Partial<StoreOptions> {
  /** Only these roles (default: every artifact). */
  readonly roles?: readonly string[];
  /** Artifacts streamed at once. Default 4. */
  readonly concurrency?: number;
  /** Bytes so far and, when every size is recorded, the total. */
  readonly onProgress?: (progress: { readonly bytes: number; readonly total: number | undefined }) => void;
}

export interface PulledArtifact {
  readonly role: string;
  readonly uri: string;
  /** Relative to the output directory, forward slashes. */
  readonly file: string;
  readonly path: string;
  readonly digest: string;
  readonly size: number;
  /** `unchanged`: the file was there with the right digest already; `resumed`: a partial file from an interrupted pull was continued. */
  readonly action: 'downloaded' | 'resumed' | 'unchanged';
}

export interface PullResult {
  readonly model: string;
  readonly version: string;
  readonly stage: string;
  readonly files: readonly PulledArtifact[];
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Downloads the artifacts of `reference` (`fraud@production`, `fraud@1.2.0`)
 * into `outDir`, checking each against its recorded sha256 and size.
 */
export async function pullArtifacts(
  registry: RegistryView,
  reference: string | ModelRef,
  outDir: string,
  options: PullOptions = {},
): Promise<PullResult> {
  const resolution = await registry.resolve(reference);
  const roles = options.roles && options.roles.length > 0 ? options.roles : undefined;
  const missing = (roles ?? []).filter((role) => !(role in resolution.artifacts));
  if (missing.length > 0) {
    throw new UserError(
      'ARTIFACT_ROLE_NOT_FOUND',
      `${resolution.model}@${resolution.version} has no artifact ${missing.map((r) => `"${r}"`).join(', ')}`,
      `Its artifacts: ${Object.keys(resolution.artifacts).join(', ')}.`,
    );
  }
  const planned = planPull(resolution.artifacts, roles);
  const stores = new ArtifactStores({
    registryDir: options.registryDir ?? process.cwd(),
    env: options.env ?? process.env,
    ...pick(options),
  });
  if ((await stat(outDir).catch(() => undefined))?.isDirectory() === false) {
    throw new UserError(
      'USAGE',
      `the output directory ${outDir} is a file`,
      'Name a directory (it is created when missing).',
    );
  }
  await mkdir(outDir, { recursive: true });

  const sizes = planned.map((p) => p.size);
  const total = sizes.every((s) => s !== undefined) ? sizes.reduce<number>((sum, s) => sum + s!, 0) : undefined;
  let bytes = 0;
  const onBytes = (count: number) => {
    bytes += count;
    options.onProgress?.({ bytes, total });
  };

  const abort = new AbortController();
  const partials: string[] = [];
  const results = await mapBounded(planned, options.concurrency ?? DEFAULT_CONCURRENCY, async (artifact) => {
    if (abort.signal.aborted) return undefined;
    try {
      return await pullOne(stores, artifact, outDir, { ...pick(options), onBytes, signal: abort.signal, partials });
    } catch (error) {
      abort.abort(error);
      throw error;
    }
  }).catch(async (error: unknown) => {
    await Promise.all(partials.map((path) => rm(path, { force: true })));
    throw error;
  });

  // Every artifact checked out: only now does anything appear under its own name.
  const files: PulledArtifact[] = [];
  for (const result of results) {
    if (!result) continue;
    if (result.partial) await rename(result.partial, result.pulled.path);
    files.push(result.pulled);
  }
  return { model: resolution.model, version: resolution.version, stage: resolution.stage, files };
}

interface OneOptions {
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly onBytes: (count: number) => void;
  readonly signal: AbortSignal;
  /** Partial files this run wrote to, removed if the run fails. */
  readonly partials: string[];
}

async function pullOne(
  stores: ArtifactStores,
  artifact: PlannedArtifact,
  outDir: string,
  options: OneOptions,
): Promise<{ pulled: PulledArtifact; partial?: string }> {
  const path = join(outDir, ...artifact.file.split('/'));
  await mkdir(dirname(path), { recursive: true });
  const pulled = (action: PulledArtifact['action'], size: number): PulledArtifact => ({
    role: artifact.role,
    uri: artifact.uri,
    file: artifact.file,
    path,
    digest: artifact.digest,
    size,
    action,
  });
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile() && (artifact.size === undefined || existing.size === artifact.size)) {
    if ((await digestFile(path)).digest === artifact.digest) return { pulled: pulled('unchanged', existing.size) };
  }

  const store = await stores.for(artifact.uri);
  // Named by the digest: a partial file of other content is never continued.
  const partial = join(dirname(path), `.${basename(path)}.${artifact.digest.slice(7, 23)}.modelreg-partial`);
  options.partials.push(partial);
  const resumable =
    store.supportsRanges &&
    (await stat(partial).then(
      (s) => s.isFile() && s.size > 0,
      () => false,
    ));
  let received = await download(partial, resumable, artifact, store, options);
  if (resumable && !matches(received, artifact)) received = await download(partial, false, artifact, store, options);
  if (!matches(received, artifact)) throw mismatch(artifact, received);
  return { pulled: pulled(resumable ? 'resumed' : 'downloaded', received.size), partial };
}

async function download(
  partial: string,
  resume: boolean,
  artifact: PlannedArtifact,
  store: Awaited<ReturnType<ArtifactStores['for']>>,
  options: OneOptions,
): Promise<Transferred> {
  const start = resume ? await startFromFile(partial) : freshStart();
  const handle = await open(partial, resume ? 'a' : 'w');
  try {
    const received = await transfer(store, artifact.uri, start, {
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      maxBytes: artifact.size,
      signal: options.signal,
      onBytes: options.onBytes,
      sink: async (chunk) => {
        await handle.write(chunk);
      },
      restart: async () => {
        await handle.truncate(0);
      },
    });
    await handle.sync();
    return received;
  } finally {
    await handle.close();
  }
}

function matches(received: Transferred, artifact: PlannedArtifact): boolean {
  return (
    !received.overflow &&
    received.digest === artifact.digest &&
    (artifact.size === undefined || received.size === artifact.size)
  );
}

function mismatch(artifact: PlannedArtifact, received: Transferred): UserError {
  const where = `${artifact.role} (${displayUri(artifact.uri)})`;
  if (received.overflow) {
    return new UserError(
      'ARTIFACT_SIZE_MISMATCH',
      `${where} is larger than the ${artifact.size} bytes the registry records; stopped reading there`,
      'The object at the URI is not the registered artifact: restore the original, or register a new version pointing at this content.',
    );
  }
  if (artifact.size !== undefined && received.size !== artifact.size) {
    return new UserError(
      'ARTIFACT_SIZE_MISMATCH',
      `${where} has ${received.size} bytes, expected ${artifact.size}${received.size < artifact.size ? ' (truncated)' : ''}`,
      'The object at the URI is incomplete or not the registered artifact: upload the registered bytes again, or register a new version.',
    );
  }
  return new UserError(
    'ARTIFACT_DIGEST_MISMATCH',
    `${where} does not match its digest: expected ${artifact.digest}, got ${received.digest} (${received.size} bytes)`,
    'The object at the URI changed since it was registered: restore the registered bytes, or register a new version with the new digest.',
  );
}

function pick(options: Partial<StoreOptions>): { timeoutMs?: number; retries?: number; ca?: string } {
  return {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
  };
}

/** `work` over `items`, at most `limit` at once, results in order; the first failure rejects once all started ones settle. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
