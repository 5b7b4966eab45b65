/**
 * Full validation: every entry of a snapshot on its own (no base), a
 * registry health check. The rules judge each model alone, so the registry
 * is validated a batch of models at a time (memory stays flat however large
 * it grows), and a model's findings can be kept by its tree id: a warm run
 * re-validates only the models whose content changed.
 */
import { createHash } from 'node:crypto';
import { sortFindings, hasErrors, type Finding } from '../findings.js';
import { MODELS_DIR, POLICY_PATH, modelDir } from '../snapshot/layout.js';
import type { ModelResultCache } from '../snapshot/model-result-cache.js';
import { PARSE_CACHE_FORMAT } from '../snapshot/persistent-parse-cache.js';
import { RegistrySnapshot } from '../snapshot/registry-snapshot.js';
import { EMPTY_SOURCE, type SnapshotSource } from '../snapshot/snapshot-source.js';
import { allFiles, type FileChange } from './change-set.js';
import { CONTRACT_RULES } from './rules/index.js';
import { run, type ValidationReport } from './validate-change.js';

/** Models validated together: enough to overlap git reads, few enough to keep memory flat (on L, 64 peaked at 280 MB, 16 at 210 MB). */
const BATCH_SIZE = 16;

/**
 * What a cached model's findings depend on besides its content and the
 * policy: the parser and the rules. The rules' own source text is part of
 * the key, so changing a rule can never serve findings of the old one
 * (computed when first needed, not at start-up).
 */
export function fullValidationCacheFormat(): string {
  const rules = createHash('sha256').update(CONTRACT_RULES.map((rule) => rule.toString()).join('\n')).digest('hex');
  return `modelreg-full-validation-1+${PARSE_CACHE_FORMAT}+${rules.slice(0, 16)}`;
}

export interface FullValidationOptions {
  /** Findings per model from earlier runs; only snapshots with tree ids (commits) use it. */
  readonly cache?: ModelResultCache<Finding[]>;
}

/**
 * The report's `changes` is empty and its `input` covers only the files
 * outside model directories: a full validation never holds the whole
 * registry at once.
 */
export async function validateSnapshot(head: SnapshotSource, options: FullValidationOptions = {}): Promise<ValidationReport> {
  const { cache } = options;
  const policy = await new RegistrySnapshot(head).policy();
  const policyKey = policy.file?.id ?? 'default';
  const modelsEntry = await head.entry(MODELS_DIR);
  const entries = modelsEntry?.type === 'tree' ? ((await head.list(MODELS_DIR)) ?? []) : [];

  // registry.yaml, and anything in models/ that is not a model directory.
  const outside: FileChange[] = await allFiles(head, modelsEntry?.type === 'tree' ? [POLICY_PATH] : [POLICY_PATH, MODELS_DIR]);
  for (const entry of entries) {
    if (entry.type !== 'tree') outside.push({ path: `${MODELS_DIR}/${entry.name}`, kind: 'added', headType: entry.type });
  }
  const root = await run('full', EMPTY_SOURCE, head, outside, undefined, ['', MODELS_DIR]);
  const findings: Finding[] = [...root.findings];

  const models = entries.filter((e) => e.type === 'tree').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const keyOf = (name: string, treeId: string | undefined) => (treeId === undefined ? undefined : `${policyKey}:${name}:${treeId}`);
  for (let start = 0; start < models.length; start += BATCH_SIZE) {
    const batch = models.slice(start, start + BATCH_SIZE);
    const pending: string[] = [];
    for (const { name, id } of batch) {
      const key = keyOf(name, id);
      const known = key === undefined ? undefined : cache?.get(key);
      if (known) findings.push(...known);
      else pending.push(name);
    }
    if (pending.length === 0) continue;
    const changes = await allFiles(head, pending.map(modelDir));
    const report = await run('full', EMPTY_SOURCE, head, changes, undefined);
    findings.push(...report.findings);
    const prefixes = pending.map((name) => `${modelDir(name)}/`);
    // Only findings placed in a model's own files are that model's to keep.
    if (!cache || !report.findings.every((f) => prefixes.some((p) => f.file.startsWith(p)))) continue;
    for (const { name, id } of batch) {
      const key = keyOf(name, id);
      const pair = report.input.models.get(name);
      // Extension schemas live elsewhere in the registry: such a model's findings are not a function of its tree alone.
      const usesExtensions = [...(pair?.head.versions.values() ?? [])].some((file) => Object.keys(file.value?.extensions ?? {}).length > 0);
      if (key === undefined || !pair || usesExtensions) continue;
      const prefix = `${modelDir(name)}/`;
      cache.put(key, report.findings.filter((f) => f.file.startsWith(prefix)));
    }
  }
  const sorted = sortFindings(findings);
  return { ok: !hasErrors(sorted), findings: sorted, changes: [], models: models.map((m) => m.name), input: root.input };
}
