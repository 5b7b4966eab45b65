/**
 * Full validation: every entry of a snapshot on its own (no base), a
 * registry health check. The rules judge each model alone, so the registry
 * is validated a batch of models at a time (memory stays flat however large
 * it grows), and a model's findings can be kept by its tree id: a warm run
 * re-validates only the models whose content changed.
 */
import { createHash } from 'node:crypto';
import { sortFindings, hasErrors, type Finding } from '../domain/findings.js';
import { MODELS_DIR, POLICY_PATH, modelDir } from '../domain/layout.js';
import type { ModelResultCache } from '../snapshot/model-result-cache.js';
import { PARSE_CACHE_FORMAT } from '../snapshot/persistent-parse-cache.js';
import { RegistrySnapshot } from '../snapshot/registry-snapshot.js';
import { EMPTY_SOURCE, type SnapshotSource } from '../snapshot/snapshot-source.js';
import { allFiles, type FileChange } from './change-set.js';
import { CONTRACT_RULES } from './rules/index.js';
import { startModelWorkers } from './parallel-models.js';
import type { ModelBatchResult } from './parallel-protocol.js';
import { runRules, type ValidationReport } from './validate-change.js';

/** Models validated together: enough to overlap git reads, few enough to keep memory flat (on L, 64 peaked at 280 MB, 16 at 210 MB). */
const BATCH_SIZE = 16;

/**
 * What a cached model's findings depend on besides its content and the
 * policy: the parser and the rules. The rules' own source text is part of
 * the key, so changing a rule can never serve findings of the old one
 * (computed when first needed, not at start-up).
 */
export function fullValidationCacheFormat(): string {
  const rules = createHash('sha256')
    .update(CONTRACT_RULES.map((rule) => rule.toString()).join('\n'))
    .digest('hex');
  return `modelreg-full-validation-1+${PARSE_CACHE_FORMAT}+${rules.slice(0, 16)}`;
}

export interface FullValidationOptions {
  /** Findings per model from earlier runs; only snapshots with tree ids (commits) use it. */
  readonly cache?: ModelResultCache<Finding[]>;
}

/**
 * The report's `changes` is empty and its `input` covers only the files
 * outside model directories: a full validation never holds the whole
 * registry at once. A large registry's models are judged on worker threads
 * (parallel-models.ts), with the same batches and the same result.
 */
export async function validateSnapshot(
  head: SnapshotSource,
  options: FullValidationOptions = {},
): Promise<ValidationReport> {
  const { cache } = options;
  const policy = await new RegistrySnapshot(head).policy();
  const policyKey = policy.file?.id ?? 'default';
  const modelsEntry = await head.entry(MODELS_DIR);
  const entries = modelsEntry?.type === 'tree' ? ((await head.list(MODELS_DIR)) ?? []) : [];

  const models = entries
    .filter((e) => e.type === 'tree')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const keyOf = (name: string, treeId: string | undefined) =>
    treeId === undefined ? undefined : `${policyKey}:${name}:${treeId}`;
  const treeIds = new Map(models.map((m) => [m.name, m.id]));
  // Which models each batch serves from the cache and which it judges: known before any work, so workers start first.
  const batches: { known: Finding[]; pending: string[] }[] = [];
  for (let start = 0; start < models.length; start += BATCH_SIZE) {
    const known: Finding[] = [];
    const pending: string[] = [];
    for (const { name, id } of models.slice(start, start + BATCH_SIZE)) {
      const key = keyOf(name, id);
      const cached = key === undefined ? undefined : cache?.get(key);
      if (cached) known.push(...cached);
      else pending.push(name);
    }
    batches.push({ known, pending });
  }
  const workers = startModelWorkers(
    head,
    batches.reduce((sum, b) => sum + b.pending.length, 0),
    (job) => validateModelBatch(head, job.models),
  );
  try {
    // registry.yaml, and anything in models/ that is not a model directory (while the workers start).
    const outside: FileChange[] = await allFiles(
      head,
      modelsEntry?.type === 'tree' ? [POLICY_PATH] : [POLICY_PATH, MODELS_DIR],
    );
    for (const entry of entries) {
      if (entry.type !== 'tree')
        outside.push({ path: `${MODELS_DIR}/${entry.name}`, kind: 'added', headType: entry.type });
    }
    const root = await runRules({
      mode: 'full',
      base: EMPTY_SOURCE,
      head,
      changes: outside,
      wholeDirectories: ['', MODELS_DIR],
    });
    const findings: Finding[] = [...root.findings];

    const judged = workers?.inOrder<ModelBatchResult>(
      batches.filter((b) => b.pending.length > 0).map((b) => ({ task: 'validate', models: b.pending })),
    );
    for (const { known, pending } of batches) {
      findings.push(...known);
      if (pending.length === 0) continue;
      const result = judged ? (await judged.next()).value! : await validateModelBatch(head, pending);
      findings.push(...result.findings);
      if (!cache) continue;
      for (const [name, kept] of result.keep) {
        const key = keyOf(name, treeIds.get(name));
        if (key !== undefined) cache.put(key, [...kept]);
      }
    }
    const sorted = sortFindings(findings);
    return {
      ok: !hasErrors(sorted),
      findings: sorted,
      changes: [],
      models: models.map((m) => m.name),
      input: root.input,
    };
  } finally {
    await workers?.close();
  }
}

/**
 * Judges a batch of models together (on whichever thread): their findings,
 * and per model those that are a function of its tree alone and may be kept.
 */
export async function validateModelBatch(head: SnapshotSource, names: readonly string[]): Promise<ModelBatchResult> {
  const changes = await allFiles(head, names.map(modelDir));
  const report = await runRules({ mode: 'full', base: EMPTY_SOURCE, head, changes });
  const prefixes = names.map((name) => `${modelDir(name)}/`);
  // Only findings placed in a model's own files are that model's to keep.
  if (!report.findings.every((f) => prefixes.some((p) => f.file.startsWith(p))))
    return { findings: report.findings, keep: [] };
  const keep: [string, Finding[]][] = [];
  for (const name of names) {
    const pair = report.input.models.get(name);
    // Extension schemas live elsewhere in the registry: such a model's findings are not a function of its tree alone.
    const usesExtensions = [...(pair?.head.versions.values() ?? [])].some(
      (file) => Object.keys(file.value?.extensions ?? {}).length > 0,
    );
    if (!pair || usesExtensions) continue;
    const prefix = `${modelDir(name)}/`;
    keep.push([name, report.findings.filter((f) => f.file.startsWith(prefix))]);
  }
  return { findings: report.findings, keep };
}
