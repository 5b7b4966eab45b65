/**
 * modelreg as a library. The CLI is a thin layer over these functions.
 *
 * @example
 * import { openRegistry } from 'modelreg';
 * const registry = await openRegistry({ dir: '/srv/registry', ref: 'origin/main' });
 * const { version, artifacts } = await registry.resolve('fraud-detection@production');
 * // or, without a clone, from the read API the published catalog serves:
 * const remote = await openRegistry({ url: 'https://acme.github.io/registry/' });
 */
export { openRegistry, Registry, type OpenRegistryOptions, type ValidateOptions } from './registry/registry.js';
export { RemoteRegistry, type OpenRemoteRegistryOptions, type RemoteResolution } from './registry/remote-registry.js';
export { defaultReadApiCacheDir } from './read-api/http-etag-cache.js';
export {
  RegistryView,
  type ListFilter,
  type ModelDetails,
  type Resolution,
  type ResolveOptions,
  type ResolvedArtifact,
  type VersionSummary,
} from './registry/registry-view.js';
export { parseModelRef, formatModelRef, type ModelRef } from './domain/model-ref.js';
export { pickHolder, pickBucket, splitHolders, type SplitHolder } from './domain/split-weights.js';
export { initRegistry, type InitResult } from './registry/init-registry.js';
export {
  registerVersion,
  planRegistration,
  type RegistrationPlan,
  type RegistrationRequest,
  type RegistrationResult,
} from './lifecycle/register-version.js';
export { digestFile } from './registry/local-inputs.js';
export { pullArtifacts, type PullOptions, type PullResult, type PulledArtifact } from './artifacts/pull.js';
export type { ArtifactStore, ObjectBody, ObjectInfo, StoreOptions } from './artifacts/artifact-store.js';
export { promote, type PromoteRequest, type LifecycleResult } from './lifecycle/promote.js';
export { rollback, type RollbackRequest } from './lifecycle/rollback.js';
export { deprecate, type DeprecateRequest } from './lifecycle/deprecate.js';
export { planPromotion, type StageChangePlan, type StageMove, type WeightChange } from './lifecycle/plan-promotion.js';
export type { CommitTarget, AppliedChange } from './lifecycle/apply-change.js';
export { readHistory, type HistoryEvent, type HistoryQuery } from './history/read-history.js';
export { auditRows, renderAuditMarkdown, type AuditInput, type AuditRow } from './history/audit-report.js';
export { readLineage, versionsUsingData, type Lineage, type StageSpan } from './registry/lineage.js';
export { compareVersions, type Comparison, type MetricComparison } from './lifecycle/compare-versions.js';
export { parseTrailers, formatTrailers, type ChangeTrailers } from './domain/commit-trailers.js';
export { validateSnapshot, type FullValidationOptions } from './validate/validate-snapshot.js';
export {
  validateChange,
  type StageHistory,
  type ValidateChangeOptions,
  type ValidationReport,
} from './validate/validate-change.js';
export { CONTRACT_RULES } from './validate/rules/index.js';
export type { ValidationInput, Rule } from './validate/validation-input.js';
export type { FileChange, ChangeKind } from './validate/change-set.js';
export { GitTreeSource } from './snapshot/git-tree-source.js';
export { WorktreeSource } from './snapshot/worktree-source.js';
export { OverlaySource } from './snapshot/overlay-source.js';
export type { SnapshotSource, TreeEntry } from './snapshot/snapshot-source.js';
// The GitPort's two adapters; openRepository picks one as every command does (native git when it is on PATH).
export { openRepository } from './git/open-repository.js';
export { NativeGitRepository } from './git/native-git-repository.js';
export { IsomorphicGitRepository } from './git/isomorphic-git-repository.js';
export type { GitPort, CommitInfo, Person } from './git/git-port.js';
export { normalizePolicy, DEFAULT_POLICY, type Policy, type StagePolicy } from './contract/policy.js';
export type { ModelEntry } from './contract/model-schema.js';
export type { VersionEntry, Artifact, Signature } from './contract/version-schema.js';
export type { PolicyInput } from './contract/policy-schema.js';
export { generateJsonSchemas } from './contract/json-schemas.js';
export type { Finding, Severity } from './domain/findings.js';
export { UserError, ContractViolation } from './domain/errors.js';
export { ERROR_CODES, type ErrorCode, type ErrorCodeEntry } from './domain/error-codes.js';
