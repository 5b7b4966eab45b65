/**
 * The validation pipeline shared by the CLI, the library and the GitHub
 * Action: policy from the base side, both snapshots read lazily, the change
 * set computed, then pure rules.
 */
import { DEFAULT_POLICY, type Policy } from '../contract/policy.js';
import { sourceNamed, type ProvenanceSourcePolicy } from '../contract/provenance-policy.js';
import { hasErrors, sortFindings, type Finding } from '../domain/findings.js';
import { classifyPath, MODELS_DIR, POLICY_PATH } from '../domain/layout.js';
import { caseCollisionsIn, findCaseCollisions } from '../snapshot/case-collisions.js';
import { ParsedFiles } from '../snapshot/parsed-files.js';
import { RegistrySnapshot } from '../snapshot/registry-snapshot.js';
import type { SnapshotSource } from '../snapshot/snapshot-source.js';
import { diffPaths, diffSnapshots, type FileChange } from './change-set.js';
import { CONTRACT_RULES } from './rules/index.js';
import {
  provenanceKey,
  versionChanges,
  type ModelPair,
  type ProvenanceEvidence,
  type StageAssignment,
  type ValidationInput,
} from './validation-input.js';
import { rampsNeedingStepStart } from './rules/split-rules.js';

/** Stage assignments of a model at earlier commits of the base branch, newest first. */
export interface StageHistory {
  priorAssignments(model: string): Promise<StageAssignment[]>;
  /**
   * When the base side's weights of a split stage took effect: the date of the
   * commit that brought them onto the base branch (a PR's merge commit);
   * undefined when history does not say. Without it, minimum step times are not checked.
   */
  splitStepStarted?(model: string, stage: string): Promise<Date | undefined>;
}

/**
 * Reads what a source registry holds for a version copied from it (separate
 * registries per environment). Throws a UserError when the source cannot be
 * read: an unreachable source is the caller's problem, not a finding.
 */
export interface ProvenanceReader {
  evidence(source: ProvenanceSourcePolicy, commit: string, model: string, version: string): Promise<ProvenanceEvidence>;
}

export interface ValidateChangeOptions {
  readonly base: SnapshotSource;
  readonly head: SnapshotSource;
  /** Needed to recognise rollbacks; without it a forbidden transition is simply refused. */
  readonly history?: StageHistory;
  /** Where changes can be, when the caller knows (git status); default: compare both sides whole. */
  readonly changedPaths?: readonly string[];
  /** Needed to accept versions copied from another registry; without it their provenance is unverified. */
  readonly provenance?: ProvenanceReader;
  /** When the change is judged (a ramp step's minimum time); default: now. */
  readonly now?: Date;
  /**
   * Read the stage history of every model whose versions change stage, not only where a finding could be a
   * rollback's: a rollback whose moves are all allowed is then recognised too (the emergency rollback rule needs it).
   */
  readonly historyForStageMoves?: boolean;
}

export interface ValidationReport {
  /** True when there is no finding of severity error. */
  readonly ok: boolean;
  readonly findings: readonly Finding[];
  readonly changes: readonly FileChange[];
  /** Names of the models the change touches. */
  readonly models: readonly string[];
  /** The input the rules saw, for callers that classify or render the change. */
  readonly input: ValidationInput;
}

/** Validates what changes from `base` to `head`: what a pull request is judged by. */
export async function validateChange(options: ValidateChangeOptions): Promise<ValidationReport> {
  const changes =
    options.changedPaths !== undefined
      ? await diffPaths(options.base, options.head, options.changedPaths)
      : await diffSnapshots(options.base, options.head);
  return runRules({
    mode: 'change',
    base: options.base,
    head: options.head,
    changes,
    history: options.history,
    provenance: options.provenance,
    now: options.now ?? new Date(),
    historyForStageMoves: options.historyForStageMoves ?? false,
  });
}

/** One run of the rules: a change (a pull request) or part of a full validation. */
export interface RuleRun {
  readonly mode: 'change' | 'full';
  readonly base: SnapshotSource;
  readonly head: SnapshotSource;
  readonly changes: FileChange[];
  readonly history?: StageHistory;
  /** Directories whose entries are all checked for names differing only in case (a full validation's top level). */
  readonly wholeDirectories?: readonly string[];
  readonly provenance?: ProvenanceReader;
  readonly now?: Date;
  /** As ValidateChangeOptions.historyForStageMoves. */
  readonly historyForStageMoves?: boolean;
}

/**
 * Runs the rules over one set of changes. Exported for the model-by-model
 * full validation (validate-snapshot.ts); callers want validateChange.
 */
export async function runRules(run: RuleRun): Promise<ValidationReport> {
  const { mode, base: baseSource, head: headSource, changes, history, now } = run;
  const { wholeDirectories = [], provenance: provenanceReader, historyForStageMoves = false } = run;
  // One cache for both sides, so a file unchanged by the change is parsed once.
  const parsed = headSource.parsedFiles ?? baseSource.parsedFiles ?? new ParsedFiles();
  const base = new RegistrySnapshot(baseSource, parsed);
  const head = new RegistrySnapshot(headSource, parsed);
  const [basePolicy, headPolicy] = await Promise.all([base.policy(), head.policy()]);
  // A registry's first commit has no base policy: it is judged by its own. A base that has models but lost its
  // registry.yaml is not a first commit: a change re-adding one must not choose the rules (approvals,
  // emergency_pushers) it is judged by, so it gets the defaults.
  const firstCommit = !basePolicy.file && (await baseSource.entry(MODELS_DIR))?.type !== 'tree';
  const policy = basePolicy.file ? basePolicy.policy : firstCommit ? headPolicy.policy : DEFAULT_POLICY;
  const policySource = firstCommit ? headSource : baseSource;

  const modelNames = new Set<string>();
  for (const change of changes) {
    const place = classifyPath(change.path);
    if (place.kind === 'model' || place.kind === 'version') modelNames.add(place.model);
  }
  const models = new Map<string, ModelPair>();
  await Promise.all(
    [...modelNames].sort().map(async (name) => {
      const [b, h] = await Promise.all([base.modelState(name), head.modelState(name)]);
      models.set(name, { name, base: b, head: h });
    }),
  );

  const extensionIds = new Set<string>();
  for (const pair of models.values()) {
    for (const file of pair.head.versions.values()) {
      for (const id of Object.keys(file.value?.extensions ?? {})) extensionIds.add(id);
    }
  }
  // ajv is loaded only when a change uses extensions: most commands never need it.
  const extensions =
    extensionIds.size === 0
      ? new Map()
      : await (await import('./extension-validators.js')).loadExtensionValidators(policy, policySource, extensionIds);

  // A full validation checks models/ and the top level once (wholeDirectories), each model's own tree per model.
  const present = changes.filter((c) => c.kind !== 'deleted').map((c) => c.path);
  // The change set holds only registry.yaml and models/: a Models/ beside them is found from their names.
  if (mode === 'change') present.push(POLICY_PATH, MODELS_DIR);
  const caseCollisions = [
    ...(await findCaseCollisions(headSource, present, mode === 'full' ? 2 : 0)),
    ...(await caseCollisionsIn(headSource, wholeDirectories)),
  ];

  let input: ValidationInput = {
    mode,
    policy,
    models: sortedMap(models),
    basePolicy,
    headPolicy,
    changes,
    extensions,
    priorAssignments: new Map(),
    caseCollisions,
    provenance:
      mode === 'change' && provenanceReader
        ? await readProvenance(policy, models.values(), provenanceReader)
        : new Map(),
    ...(now ? { now } : {}),
  };
  let findings = CONTRACT_RULES.flatMap((rule) => rule(input));
  // History is read only when a finding could be a rollback's: a forbidden
  // transition, or a version worse than the holder it replaces.
  const needHistory = new Set(
    findings
      .filter((f) => ROLLBACK_SENSITIVE.has(f.code))
      .map((f) => classifyPath(f.file))
      .flatMap((place) => (place.kind === 'version' ? [place.model] : [])),
  );
  if (historyForStageMoves) {
    for (const pair of models.values()) {
      if (versionChanges(pair).some((c) => c.base?.value?.stage !== c.head?.value?.stage)) needHistory.add(pair.name);
    }
  }
  if (history && mode === 'change' && needHistory.size > 0) {
    const priorAssignments = new Map<string, StageAssignment[]>();
    for (const name of needHistory) priorAssignments.set(name, await history.priorAssignments(name));
    input = { ...input, priorAssignments };
    findings = CONTRACT_RULES.flatMap((rule) => rule(input));
  }
  const ramps = rampsNeedingStepStart(input);
  if (history?.splitStepStarted && ramps.size > 0) {
    const splitStepStarts = new Map<string, Map<string, Date>>();
    for (const [model, stages] of ramps) {
      const starts = new Map<string, Date>();
      for (const stage of stages) {
        const started = await history.splitStepStarted(model, stage);
        if (started) starts.set(stage, started);
      }
      splitStepStarts.set(model, starts);
    }
    input = { ...input, splitStepStarts };
    findings = CONTRACT_RULES.flatMap((rule) => rule(input));
  }
  const sorted = sortFindings(findings);
  return { ok: !hasErrors(sorted), findings: sorted, changes, models: [...input.models.keys()], input };
}

/** The source's side of every added version that names a declared source, read before the rules run. */
async function readProvenance(
  policy: Policy,
  pairs: Iterable<ModelPair>,
  reader: ProvenanceReader,
): Promise<Map<string, ProvenanceEvidence>> {
  const evidence = new Map<string, ProvenanceEvidence>();
  for (const pair of pairs) {
    for (const change of versionChanges(pair)) {
      const provenance = change.kind === 'added' ? change.head?.value?.provenance : undefined;
      const source = provenance && sourceNamed(policy.provenance, provenance.repository);
      if (!provenance || !source) continue;
      evidence.set(
        provenanceKey(change.model, change.version),
        await reader.evidence(source, provenance.commit, change.model, change.version),
      );
    }
  }
  return evidence;
}

const ROLLBACK_SENSITIVE = new Set([
  'STAGE_TRANSITION_NOT_ALLOWED',
  'GATE_METRIC_DROP',
  'RAMP_STEP_NOT_ALLOWED',
  'RAMP_STEP_TOO_SOON',
]);

function sortedMap<V>(map: Map<string, V>): Map<string, V> {
  return new Map([...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
