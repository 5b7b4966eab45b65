/**
 * The release pipeline of this repository (.github/workflows/release.yml, release-please's config): GitHub's
 * parser validates the file in test/github-files.test.ts; here, that its jobs happen in the order that keeps a
 * release safe (bundles rebuilt and compared before release-please tags, the tag verified before npm publish,
 * the major tag last), and that a release pull request bumps every place that carries the version.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = process.cwd();
const WORKFLOW = '.github/workflows/release.yml';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly concurrency?: { 'cancel-in-progress'?: boolean };
  readonly permissions?: unknown;
  readonly jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(join(ROOT, WORKFLOW), 'utf8')) as Workflow;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  version: string;
  packages: Record<string, { version?: string }>;
};
const config = JSON.parse(readFileSync(join(ROOT, 'release-please-config.json'), 'utf8')) as {
  packages: Record<string, Record<string, unknown>>;
};
const manifest = JSON.parse(readFileSync(join(ROOT, '.release-please-manifest.json'), 'utf8')) as Record<
  string,
  string
>;

const needs = (job: Job) => [job.needs ?? []].flat();
/** The index of the first step of `job` whose `run:` matches, or -1. */
const stepIndex = (job: Job, pattern: RegExp) =>
  job.steps.findIndex((step) => step.run !== undefined && pattern.test(step.run));

describe('the release workflow', () => {
  it('runs for pushes to main, one at a time and never cancelled half-way, with no permissions by default', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] } });
    expect(workflow.concurrency?.['cancel-in-progress']).toBe(false);
    expect(workflow.permissions).toEqual({});
  });

  it('lets release-please tag only after the committed bundles equal a fresh build', () => {
    const bundles = workflow.jobs['bundles']!;
    const build = stepIndex(bundles, /^npm run build:actions$/m);
    const compare = stepIndex(bundles, /git diff --exit-code\b.*-- dist\//);
    expect(build).toBeGreaterThan(-1);
    expect(compare).toBeGreaterThan(build);
    expect(needs(workflow.jobs['release-please']!)).toEqual(['bundles']);
    const releasePlease = workflow.jobs['release-please']!.steps.find((step) =>
      step.uses?.startsWith('googleapis/release-please-action@'),
    );
    expect(releasePlease?.with).toEqual({
      'config-file': 'release-please-config.json',
      'manifest-file': '.release-please-manifest.json',
    });
  });

  it('runs the tests it names, and they exist', () => {
    const named = workflow.jobs['bundles']!.steps.flatMap((step) => step.run?.match(/test\/[\w-]+\.test\.ts/g) ?? []);
    expect(named).toEqual(
      expect.arrayContaining(['test/package.test.ts', 'test/release-workflow.test.ts', 'test/github-files.test.ts']),
    );
    for (const file of named) expect(existsSync(join(ROOT, file)), file).toBe(true);
  });

  it('rebuilds the bundles on the release pull request, whose version bump changes them', () => {
    const job = workflow.jobs['release-pr-bundles']!;
    expect(needs(job)).toEqual(['release-please']);
    expect(job.if).toMatch(/outputs\.pr != ''/);
    expect(job.steps[0]?.with?.['ref']).toMatch(/headBranchName/);
    expect(stepIndex(job, /^npm run build:actions$/m)).toBeLessThan(stepIndex(job, /git push/));
    expect(job.permissions).toEqual({ contents: 'write' });
  });

  it('publishes only a release, from its tag, after checking it is the commit whose bundles were compared, and moves the major tag last', () => {
    const job = workflow.jobs['publish']!;
    expect(needs(job)).toEqual(['release-please']);
    expect(job.if).toBe("needs.release-please.outputs.release_created == 'true'");
    expect(job.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(job.steps[0]).toMatchObject({
      uses: expect.stringMatching(/^actions\/checkout@/),
      with: { ref: '${{ needs.release-please.outputs.tag_name }}', 'fetch-depth': 0 },
    });
    const verify = stepIndex(job, /scripts\/move-major-tag\.ts .*--dry-run/);
    const publish = stepIndex(job, /^npm publish\b/m);
    const move = job.steps.findIndex(
      (step, index) =>
        index > publish && /scripts\/move-major-tag\.ts/.test(step.run ?? '') && !/--dry-run/.test(step.run ?? ''),
    );
    expect(verify).toBeGreaterThan(-1);
    expect(publish).toBeGreaterThan(verify);
    expect(move).toBeGreaterThan(publish);
    for (const index of [verify, move])
      expect(job.steps[index]!.env).toMatchObject({ CHECKED_COMMIT: '${{ github.sha }}' });
  });

  it('passes event data to run: steps through env:, never by ${{ }} inside the script', () => {
    for (const dir of ['.github/workflows', 'registry-template/.github/workflows']) {
      for (const name of readdirSync(join(ROOT, dir)).filter((file) => /\.ya?ml$/.test(file))) {
        const jobs = (parse(readFileSync(join(ROOT, dir, name), 'utf8')) as Workflow).jobs;
        for (const [id, job] of Object.entries(jobs)) {
          for (const step of job.steps ?? []) expect(step.run ?? '', `${dir}/${name}: job ${id}`).not.toContain('${{');
        }
      }
    }
  });

  it('uses of googleapis/release-please-action pass only inputs its v4 declares', () => {
    // From the action's action.yml at v4: a misspelt input is silently ignored by the runner.
    const declared = new Set([
      'token',
      'release-type',
      'path',
      'target-branch',
      'config-file',
      'manifest-file',
      'repo-url',
      'github-api-url',
      'github-graphql-url',
      'fork',
      'include-component-in-tag',
      'proxy-server',
      'skip-github-release',
      'skip-github-pull-request',
      'changelog-host',
    ]);
    const steps = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .filter((step) => step.uses?.startsWith('googleapis/release-please-action@'));
    expect(steps.map((step) => step.uses)).toEqual(['googleapis/release-please-action@v4']);
    for (const step of steps) expect(Object.keys(step.with ?? {}).filter((key) => !declared.has(key))).toEqual([]);
  });
});

/** release-please's generic updater, as its docs state it: on a line marked x-release-please-version, the first version is replaced. */
function bumpMarkedLines(text: string, version: string): string {
  return text
    .split('\n')
    .map((line) =>
      line.includes('x-release-please-version') ? line.replace(/\d+\.\d+\.\d+(-[\w.]+)?(\+[-\w.]+)?/, version) : line,
    )
    .join('\n');
}

describe('a release pull request bumps every version', () => {
  const root = config.packages['.']!;
  const extraFiles = root['extra-files'] as string[];

  it('releases the root package with the node strategy (package.json, package-lock.json, CHANGELOG.md), tags v<version>', () => {
    expect(root).toMatchObject({
      'release-type': 'node',
      'package-name': 'modelreg',
      'changelog-path': 'CHANGELOG.md',
      'include-component-in-tag': false,
    });
    expect(existsSync(join(ROOT, 'CHANGELOG.md'))).toBe(true);
    expect(manifest).toEqual({ '.': pkg.version });
    expect([lock.version, lock.packages['']?.version]).toEqual([pkg.version, pkg.version]);
  });

  it('every constant outside package.json that holds the version is in an extra file, on a marked line', () => {
    // A constant assigned the package's version (`= '0.1.0';`), not a model's version that happens to be equal.
    const quoted = new RegExp(`=\\s*['"\`]${pkg.version.replace(/\./g, '\\.')}['"\`]\\s*;`);
    const holders = sourceFiles('src')
      .concat(sourceFiles('bin'))
      .filter((file) => quoted.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(holders.length).toBeGreaterThan(0);
    expect(extraFiles.slice().sort()).toEqual(holders.sort());
    for (const file of extraFiles) {
      const lines = readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .filter((line) => quoted.test(line));
      expect(lines.length, file).toBeGreaterThan(0);
      for (const line of lines)
        expect(line, `${file}: a release would leave this line at ${pkg.version}`).toContain(
          'x-release-please-version',
        );
    }
  });

  it('the generic updater turns src/version.ts into the next version', async () => {
    const bumped = bumpMarkedLines(readFileSync(join(ROOT, 'src/version.ts'), 'utf8'), '1.2.3');
    expect(bumped).toMatch(/^export const MODELREG_VERSION = '1\.2\.3';/m);
    expect(
      bumped
        .split('\n')
        .filter((line, index) => line !== readFileSync(join(ROOT, 'src/version.ts'), 'utf8').split('\n')[index]),
    ).toHaveLength(1);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name).slice(ROOT.length + 1));
}
