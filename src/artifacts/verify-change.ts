/**
 * The validation action's artifact check (`verify-artifacts: changed`): the
 * versions a change registers, promotes or rolls back are read from their
 * stores (full sha256 and size, as `modelreg verify`) and a mismatch is a
 * finding on its line. The URIs are the change author's and the runner holds
 * the credentials, so only URIs under the base policy's artifacts.locations
 * are read, https hosts must resolve to public addresses (unless the policy
 * allows private ones), and a redirect must stay inside the locations too.
 * Demotions are not checked: archiving a version whose object broke must stay
 * possible.
 */
import type { Policy } from '../contract/policy.js';
import { UserError } from '../domain/errors.js';
import { finding, hasErrors, type Finding } from '../domain/findings.js';
import type { ClassifiedChange } from '../governance/classify-change.js';
import type { Registry } from '../registry/registry.js';
import type { ValidationReport } from '../validate/validate-change.js';
import type { ValidationInput } from '../validate/validation-input.js';
import { markdownCode, markdownText } from '../domain/markdown.js';
import type { RequestGuard } from './artifact-store.js';
import { locationAllows, locationNotAllowed } from './artifact-locations.js';
import { verifyVersions, type VersionToVerify } from './verify.js';

export type VerifyArtifactsMode = 'changed' | 'none';

/** Stage changes whose version must lead to its registered bytes. */
const VERIFIED_TYPES = new Set(['register', 'promote', 'rollback']);

/** The verify-artifacts input: changed or none (empty: none). */
export function verifyArtifactsMode(value: string): VerifyArtifactsMode {
  if (value === '' || value === 'none') return 'none';
  if (value === 'changed') return 'changed';
  throw new UserError(
    'ACTION_INPUT',
    `verify-artifacts is "${value}"`,
    'Set verify-artifacts to changed (read the artifacts of the versions the change registers or promotes) or none.',
  );
}

export interface ArtifactVerification {
  readonly findings: Finding[];
  /** Artifacts read from their stores. */
  readonly checked: number;
  /** Artifacts refused because no location of the policy covers them. */
  readonly refused: number;
  /** For the job summary. */
  readonly markdown: string;
}

export interface ChangeToVerify {
  /** The base side's policy: its artifacts.locations say what may be read. */
  readonly policy: Policy;
  /** Versions the change registers, promotes or rolls back, with their head files. */
  readonly versions: readonly VersionToVerify[];
}

/** The versions of a validated change (a pull request, a pushed range) whose artifacts are checked. */
export function versionsToVerify(
  input: ValidationInput,
  changes: readonly ClassifiedChange[],
  pathInRepository: (path: string) => string,
): VersionToVerify[] {
  const versions: VersionToVerify[] = [];
  for (const change of changes) {
    if (!change.model || !change.version || !VERIFIED_TYPES.has(change.type)) continue;
    const file = input.models.get(change.model)?.head.versions.get(change.version);
    if (file?.value !== undefined) versions.push({ file, displayPath: pathInRepository(file.path) });
  }
  return versions;
}

/** A pull request's check: the versions it registers or promotes, judged by the policy of its base commit. */
export async function verifyPullRequestArtifacts(
  registry: Registry,
  base: string,
  report: ValidationReport,
  changes: readonly ClassifiedChange[],
  env: NodeJS.ProcessEnv,
): Promise<ArtifactVerification> {
  const versions = versionsToVerify(report.input, changes, (path) => registry.pathInRepository(path));
  return verifyChangedArtifacts(
    { policy: await policyAt(registry, base), versions },
    { registryDir: registry.dir, env },
  );
}

/** The push check: what a push releases (registered, promoted, rolled back) at `after`, by the policy at `before`. */
export async function verifyReleasedArtifacts(
  registry: Registry,
  push: { readonly before: string; readonly after: string },
  released: readonly { readonly model: string | null; readonly version: string | null; readonly type: string }[],
  env: NodeJS.ProcessEnv,
): Promise<ArtifactVerification> {
  const view = await registry.at(push.after);
  const versions: VersionToVerify[] = [];
  for (const change of released) {
    if (!change.model || !change.version || !VERIFIED_TYPES.has(change.type)) continue;
    const file = await view.snapshot.versionFile(change.model, change.version);
    if (file?.value !== undefined) versions.push({ file, displayPath: registry.pathInRepository(file.path) });
  }
  return verifyChangedArtifacts(
    { policy: await policyAt(registry, push.before), versions },
    { registryDir: registry.dir, env },
  );
}

/** The report with the artifact findings added: they fail it like any contract finding. */
export function withArtifactFindings(report: ValidationReport, findings: readonly Finding[]): ValidationReport {
  return { ...report, ok: report.ok && !hasErrors(findings), findings: [...report.findings, ...findings] };
}

/**
 * The policy of the commit a change is judged against. A base without (or with
 * an invalid) registry.yaml has the default policy, which allows no location:
 * a change cannot name the places it is read from.
 */
async function policyAt(registry: Registry, commit: string): Promise<Policy> {
  return (await (await registry.at(commit)).snapshot.policy()).policy;
}

export async function verifyChangedArtifacts(
  change: ChangeToVerify,
  options: { readonly registryDir: string; readonly env: NodeJS.ProcessEnv; readonly timeoutMs?: number },
): Promise<ArtifactVerification> {
  const { policy } = change;
  const allows = (uri: string) => locationAllows(policy.artifactLocations, uri, options.registryDir);
  const guard: RequestGuard = { allows, privateAddresses: policy.artifactPrivateAddresses };
  const refusals: Finding[] = [];
  const readable: VersionToVerify[] = [];
  for (const version of change.versions) {
    const artifacts = version.file.value?.artifacts ?? {};
    const outside = Object.entries(artifacts).filter(([, a]) => !allows(a.uri));
    for (const [role, artifact] of outside) {
      const error = locationNotAllowed(artifact.uri);
      refusals.push(
        finding(
          error.code,
          'error',
          version.displayPath,
          version.file.yaml.locate(['artifacts', role, 'uri']),
          `artifact "${role}": ${error.message}`,
          error.hint ?? '',
        ),
      );
    }
    if (outside.length === 0) readable.push(version);
  }
  const { findings, checked } = await verifyVersions(readable, { ...options, guard });
  const all = [...refusals, ...findings];
  return { findings: all, checked, refused: refusals.length, markdown: renderVerification(all, checked) };
}

function renderVerification(findings: readonly Finding[], checked: number): string {
  const problems = findings.filter((f) => f.severity === 'error');
  const lines = [
    '### Artifacts',
    '',
    problems.length === 0
      ? `✅ ${checked} artifact${checked === 1 ? '' : 's'} read from ${checked === 1 ? 'its store' : 'their stores'}, each with its registered sha256 and size.`
      : `❌ ${problems.length} artifact problem${problems.length === 1 ? '' : 's'} (${checked} read):`,
  ];
  if (problems.length > 0)
    lines.push(
      '',
      ...problems.map(
        (f) => `- ${markdownCode(`${f.file}:${f.line}:${f.column}`)} ${f.code}: ${markdownText(f.message)}`,
      ),
    );
  return `${lines.join('\n')}\n`;
}
