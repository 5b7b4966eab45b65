/** Deprecating a version: a `deprecation` block added to its file; everything else untouched. */
import { stringify } from 'yaml';
import { isoDateOrDateTime } from '../contract/common-schema.js';
import { UserError } from '../domain/errors.js';
import { commitMessage } from '../domain/commit-trailers.js';
import { parseModelRef } from '../domain/model-ref.js';
import type { Registry } from '../registry/registry.js';
import { modelDir, versionFilePath } from '../domain/layout.js';
import { appendTopLevelBlock } from '../yaml/edit-yaml.js';
import { applyChange, checkedOutBranch, type CommitTarget } from './apply-change.js';
import { requireVersion } from './plan-promotion.js';
import type { AppliedChange } from './apply-change.js';

export interface DeprecateRequest {
  /** `model@version`. */
  readonly reference: string;
  readonly reason: string;
  readonly endOfLife?: string;
  readonly replacedBy?: string;
  readonly target?: CommitTarget;
  readonly now: Date;
}

export async function deprecate(
  registry: Registry,
  request: DeprecateRequest,
): Promise<{ applied: AppliedChange; subject: string }> {
  const ref = parseModelRef(request.reference);
  if (ref.kind !== 'version') {
    throw new UserError(
      'INVALID_REFERENCE',
      `deprecate needs <model>@<version>, got "${request.reference}"`,
      'e.g. modelreg deprecate fraud-detection@1.0.0 --reason "superseded by 2.0.0"',
    );
  }
  if (request.reason.trim() === '')
    throw new UserError(
      'USAGE',
      '--reason must say why the version is deprecated',
      'e.g. --reason "data leak found in training set"',
    );
  if (request.endOfLife !== undefined && !isoDateOrDateTime.safeParse(request.endOfLife).success) {
    throw new UserError(
      'USAGE',
      `--end-of-life "${request.endOfLife}" is not an ISO 8601 date`,
      'e.g. --end-of-life 2027-01-31',
    );
  }
  const base = await checkedOutBranch(registry);
  await base.view.requireModel(ref.model);
  const state = await base.view.snapshot.modelState(ref.model);
  const entry = requireVersion(state, ref.version);
  if (entry.deprecation) {
    throw new UserError(
      'ALREADY_DEPRECATED',
      `${ref.model}@${ref.version} is already deprecated: ${entry.deprecation.reason}`,
      `Edit the deprecation block in ${versionFilePath(ref.model, ref.version)} to change it.`,
    );
  }
  if (request.replacedBy !== undefined) requireVersion(state, request.replacedBy);
  const block = stringify(
    {
      reason: request.reason.trim(),
      ...(request.endOfLife !== undefined ? { end_of_life: request.endOfLife } : {}),
      ...(request.replacedBy !== undefined ? { replaced_by: request.replacedBy } : {}),
    },
    { lineWidth: 0 },
  );
  const path = versionFilePath(ref.model, ref.version);
  const text = appendTopLevelBlock(state.versions.get(ref.version)!.yaml.text, 'deprecation', block);
  const subject = `deprecate(${ref.model}): ${ref.version}`;
  const body = `${request.reason.trim()}${request.endOfLife ? `\nEnd of life: ${request.endOfLife}` : ''}`;
  const message = commitMessage(subject, body, { action: 'deprecate', model: ref.model, version: ref.version });
  const target = request.target ?? { kind: 'branch', name: `modelreg/deprecate-${ref.model}-${ref.version}` };
  const applied = await applyChange(
    registry,
    base,
    { edits: new Map([[path, text]]), message, guardedPaths: [modelDir(ref.model)] },
    target,
    request.now,
  );
  return { applied, subject };
}
