/**
 * Promote a version into another registry (separate registries per
 * environment): the version's file as the source has it at the commit of the
 * branch the target accepts, with the target's stage and a provenance block,
 * validated in the target exactly as its CI will (provenance read back from
 * the source as the target's policy names it), then committed on a branch of
 * the target. Nothing is written in either registry when anything fails.
 */
import { displayLocation } from '../domain/token-transport.js';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Policy } from '../contract/policy.js';
import type { ProvenanceSourcePolicy } from '../contract/provenance-policy.js';
import type { Provenance } from '../contract/provenance-schema.js';
import { commitMessage } from '../domain/commit-trailers.js';
import { UserError } from '../domain/errors.js';
import { modelDir, modelFilePath, versionFilePath } from '../domain/layout.js';
import { parseModelRef } from '../domain/model-ref.js';
import { requireStage } from '../domain/registry-errors.js';
import { isRemote } from '../registry/provenance-reader.js';
import type { Registry } from '../registry/registry.js';
import { appendTopLevelBlock, setScalar } from '../yaml/edit-yaml.js';
import { removeTopLevelKey } from '../yaml/remove-top-level-key.js';
import { applyChange, checkedOutBranch, type AppliedChange, type CommitTarget } from './apply-change.js';
import { requireVersion } from './plan-promotion.js';

export interface PromoteToRegistryRequest {
  /** `model@version` in the source registry. */
  readonly reference: string;
  /** The stage in the target; default: the first initial stage the target allows from this source. */
  readonly stage?: string;
  /** Default: a new branch of the target named after the change. */
  readonly target?: CommitTarget;
  /** Extra text for the commit body. */
  readonly note?: string;
  /** How the source calls its own remote, to recognise it among the target's https sources. */
  readonly sourceRemote?: string;
  readonly now: Date;
}

export interface CopyPlan {
  readonly model: string;
  readonly version: string;
  readonly stage: string;
  readonly source: ProvenanceSourcePolicy;
  readonly provenance: Provenance;
  /** The target has no such model yet: its model.yaml is copied too. */
  readonly newModel: boolean;
  readonly subject: string;
  readonly edits: ReadonlyMap<string, string>;
  readonly message: string;
}

export interface PromoteToRegistryResult {
  readonly plan: CopyPlan;
  readonly applied: AppliedChange;
}

export async function promoteToRegistry(
  source: Registry,
  target: Registry,
  request: PromoteToRegistryRequest,
): Promise<PromoteToRegistryResult> {
  const ref = parseModelRef(request.reference);
  if (ref.kind !== 'version') {
    throw new UserError(
      'INVALID_REFERENCE',
      `promote --to-registry needs <model>@<version>, got "${request.reference}"`,
      'e.g. modelreg promote fraud-detection@1.2.0 --to-registry ../models-prod',
    );
  }
  const base = await checkedOutBranch(target);
  const targetPolicy = await base.view.policy();
  const declared = await declaredSource(source, target, targetPolicy, request.sourceRemote ?? 'origin');

  // The commit the target will check: the tip of the branch it accepts, never an unmerged one.
  const commit = await source.git.resolveCommit(`refs/heads/${declared.branch}`).catch(() => {
    throw new UserError(
      'REF_NOT_FOUND',
      `the source registry has no branch ${declared.branch}, which ${target.dir}'s registry.yaml names for it`,
      `Check out or fetch ${declared.branch} in ${source.dir}, or change branch: of the source in the target's registry.yaml.`,
    );
  });
  const view = await source.at(commit);
  await view.requireModel(ref.model);
  const state = await view.snapshot.modelState(ref.model);
  const entry = requireVersion(state, ref.version);
  const file = state.versions.get(ref.version)!;

  const stage = request.stage ?? (declared.initialStages ?? targetPolicy.initialStages)[0]!;
  requireStage(targetPolicy, stage);
  const targetState = await base.view.snapshot.modelState(ref.model);
  if (targetState.versions.has(ref.version)) {
    throw new UserError(
      'VERSION_EXISTS',
      `${ref.model}@${ref.version} is already in the target registry ${target.dir}`,
      `Registered versions are immutable: promote it within the target instead (modelreg promote ${ref.model}@${ref.version} --to <stage> --registry ${target.dir}).`,
    );
  }

  const provenance: Provenance = {
    repository: declared.url,
    commit,
    entry: file.id,
    stage: entry.stage,
    artifacts: Object.fromEntries(Object.entries(entry.artifacts).map(([role, a]) => [role, a.digest])),
  };
  const text = appendTopLevelBlock(
    setScalar(removeTopLevelKey(file.yaml.text, 'provenance'), ['stage'], stage),
    'provenance',
    provenanceBlock(provenance),
  );
  const edits = new Map([[versionFilePath(ref.model, ref.version), text]]);
  const newModel = targetState.model === undefined;
  if (newModel && state.model) edits.set(modelFilePath(ref.model), state.model.yaml.text);

  const subject = `register(${ref.model}): ${ref.version} in ${stage}, from ${declared.name}`;
  const body = [
    ...(request.note ? [request.note.trim(), ''] : []),
    `Copies ${ref.model}@${ref.version} (${entry.stage} in ${declared.name}) from ${declared.url}`,
    `at ${commit}${newModel ? ', with its model.yaml (new model here)' : ''}.`,
  ].join('\n');
  const message = commitMessage(subject, body, {
    action: 'register',
    model: ref.model,
    version: ref.version,
    to: stage,
  });
  const plan: CopyPlan = {
    model: ref.model,
    version: ref.version,
    stage,
    source: declared,
    provenance,
    newModel,
    subject,
    edits,
    message,
  };
  const commitTarget = request.target ?? {
    kind: 'branch',
    name: `modelreg/promote-${ref.model}-${ref.version}-from-${declared.name}`,
  };
  const applied = await applyChange(
    target,
    base,
    { edits, message, guardedPaths: [modelDir(ref.model)] },
    commitTarget,
    request.now,
  );
  return { plan, applied };
}

/**
 * The source entry of the target's policy that names this registry: a path
 * that is this registry's directory (or repository), or an https URL equal to
 * this registry's remote. The target decides what it accepts.
 */
async function declaredSource(
  source: Registry,
  target: Registry,
  policy: Policy,
  remote: string,
): Promise<ProvenanceSourcePolicy> {
  const here = [source.dir, source.git.dir].map(canonicalPath);
  const remoteUrl = await source.git.remoteUrl(remote);
  const found = policy.provenance.sources.find((candidate) =>
    isRemote(candidate.url)
      ? remoteUrl !== undefined && sameUrl(candidate.url, remoteUrl)
      : here.includes(canonicalPath(resolve(target.dir, candidate.url))),
  );
  if (found) return found;
  const declared = policy.provenance.sources.map((s) => `${s.name} (${s.url})`);
  throw new UserError(
    'SOURCE_NOT_ACCEPTED',
    `the target registry ${target.dir} does not accept versions from ${source.dir}${remoteUrl ? ` (${remote}: ${displayLocation(remoteUrl)})` : ''}`,
    (declared.length > 0 ? `It accepts: ${declared.join(', ')}. ` : '') +
      "Declare this registry under provenance.sources in the target's registry.yaml (name, url: its https URL or path), in a change of its own.",
  );
}

/** The block as YAML; ids quoted, since YAML reads an all-digit id as a number. */
export function provenanceBlock(provenance: Provenance): string {
  return [
    `repository: ${JSON.stringify(provenance.repository)}`,
    `commit: "${provenance.commit}"`,
    `entry: "${provenance.entry}"`,
    ...(provenance.stage !== undefined ? [`stage: ${provenance.stage}`] : []),
    'artifacts:',
    ...Object.entries(provenance.artifacts).map(([role, digest]) => `  ${role}: ${digest}`),
    '',
  ].join('\n');
}

function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** https URLs naming one repository: case of the host, credentials, a trailing .git or / aside. */
function sameUrl(a: string, b: string): boolean {
  const normal = (url: string) => {
    try {
      const parsed = new URL(url);
      return `${parsed.protocol}//${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/$/, '').replace(/\.git$/, '')}`;
    } catch {
      return url;
    }
  };
  return normal(a) === normal(b);
}
