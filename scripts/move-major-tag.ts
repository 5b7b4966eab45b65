/**
 * Moves the major tag (`v1`) that `uses: modelreg/modelreg@v1` resolves to onto a release, as the release
 * workflow's last step: GitHub runs the action bundles committed at that ref, so the tag must only ever land on
 * a commit whose bundles were rebuilt and checked (`--checked`, the commit the workflow's bundle job built), and
 * never move backwards (a patch release of an older line) or onto a pre-release.
 *
 *   tsx scripts/move-major-tag.ts --tag v1.4.2 --checked <commit> [--remote origin] [--dry-run]
 */
import { execFileSync } from 'node:child_process';
import semver from 'semver';

/** What to do with the major tag for one release: planned from tag names alone, so it is tested without git. */
export type MajorTagPlan =
  | { readonly move: true; readonly majorTag: string; readonly reason: string }
  | { readonly move: false; readonly majorTag: string | undefined; readonly reason: string };

/** A release tag as release-please writes it: `v` and a semantic version. */
const RELEASE_TAG = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

export function planMajorTag(releasedTag: string, existingTags: readonly string[]): MajorTagPlan {
  const released = RELEASE_TAG.exec(releasedTag)?.[1];
  if (!released || !semver.valid(released))
    throw new Error(`${releasedTag} is not a release tag (v<major>.<minor>.<patch>)`);
  const majorTag = `v${semver.major(released)}`;
  if (semver.prerelease(released))
    return { move: false, majorTag, reason: `${releasedTag} is a pre-release: ${majorTag} stays where it is` };
  const newer = existingTags
    .map((tag) => RELEASE_TAG.exec(tag)?.[1])
    .filter(
      (version): version is string =>
        version !== undefined && semver.valid(version) !== null && !semver.prerelease(version),
    )
    .filter((version) => semver.major(version) === semver.major(released) && semver.gt(version, released))
    .sort(semver.rcompare);
  if (newer.length > 0)
    return { move: false, majorTag, reason: `v${newer[0]} is newer than ${releasedTag}: ${majorTag} stays on it` };
  return { move: true, majorTag, reason: `${majorTag} -> ${releasedTag}` };
}

export interface MoveMajorTagOptions {
  readonly cwd: string;
  readonly releasedTag: string;
  /** The commit whose bundles the workflow rebuilt and compared: the release must be exactly that commit. */
  readonly checkedCommit: string;
  readonly remote?: string;
  readonly dryRun?: boolean;
}

/** Plans, then (unless dryRun) points the major tag at the release's commit and force-pushes it. Returns the plan. */
export function moveMajorTag(options: MoveMajorTagOptions): MajorTagPlan {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: options.cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const releaseCommit = revParse(git, `refs/tags/${options.releasedTag}^{commit}`);
  if (!releaseCommit)
    throw new Error(
      `no tag ${options.releasedTag} in this checkout (fetch tags: actions/checkout with fetch-depth: 0)`,
    );
  const checked = revParse(git, `${options.checkedCommit}^{commit}`);
  if (releaseCommit !== checked) {
    throw new Error(
      `${options.releasedTag} is ${releaseCommit}, but the bundles were checked on ${options.checkedCommit}: not moving a major tag onto unchecked bundles`,
    );
  }
  const plan = planMajorTag(options.releasedTag, git('tag', '--list', 'v*').split('\n').filter(Boolean));
  if (!plan.move || options.dryRun) return plan;
  // Annotated, so `git describe` and GitHub show when and to what it moved; forced, because moving is its purpose.
  git(
    'tag',
    '--force',
    '--annotate',
    plan.majorTag,
    '--message',
    `${plan.majorTag}: ${options.releasedTag}`,
    releaseCommit,
  );
  git('push', '--force', options.remote ?? 'origin', `refs/tags/${plan.majorTag}:refs/tags/${plan.majorTag}`);
  return plan;
}

function revParse(git: (...args: string[]) => string, rev: string): string | undefined {
  try {
    return git('rev-parse', '--verify', '--quiet', rev);
  } catch {
    return undefined;
  }
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1]?.endsWith('move-major-tag.ts')) {
  const releasedTag = argument('tag');
  const checkedCommit = argument('checked');
  if (!releasedTag || !checkedCommit) {
    console.error(
      'usage: tsx scripts/move-major-tag.ts --tag v<version> --checked <commit> [--remote origin] [--dry-run]',
    );
    process.exit(2);
  }
  try {
    const remote = argument('remote');
    const plan = moveMajorTag({
      cwd: process.cwd(),
      releasedTag,
      checkedCommit,
      dryRun: process.argv.includes('--dry-run'),
      ...(remote ? { remote } : {}),
    });
    console.log(plan.move ? `moved ${plan.reason}` : plan.reason);
  } catch (error) {
    console.error(`::error::${(error as Error).message}`);
    process.exit(1);
  }
}
