/**
 * promote --to-registry … --pr and --to-registry OWNER/REPO: the copy is
 * committed on a branch of the target, pushed to the target's origin (the
 * smart-HTTP server) and its pull request opened in the target repository
 * (the fake GitHub).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { useGitHubRig } from './helpers/github-rig.js';
import { runCli } from './helpers/run-cli.js';
import { createRepo, git, tempDir } from './helpers/temp-repo.js';

const github = useGitHubRig('secret-token', 'acme/models-prod');
afterEach(() => {
  delete process.env.GITHUB_TOKEN;
  delete process.env.GITHUB_API_URL;
});

const v120 = versionPath('fraud', '1.2.0');
const BRANCH = 'modelreg/promote-fraud-1.2.0-from-staging';
let counter = 0;

function withToken(token = 'secret-token') {
  process.env.GITHUB_TOKEN = token;
  process.env.GITHUB_API_URL = github.fake.url;
}

/** A staging registry on this machine, and a checkout of models-prod on the server accepting it. */
function registries() {
  const staging = createRepo({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud'),
    [v120]: versionYaml('1.2.0', { stage: 'staging', metrics: { auc: 0.91 } }),
  });
  const policy =
    templatePolicy() +
    '\nprovenance:\n  required: true\n  sources:\n' +
    `    - name: staging\n      url: ${JSON.stringify(staging)}\n      stage: staging\n      initial_stages: [staging, production]\n`;
  const repo = `acme/models-prod${++counter}`;
  const { dir: prod, bare } = github.server.checkout(createRepo({ 'registry.yaml': policy, 'models/.keep': '' }), repo);
  return { staging, prod, bare, repo };
}

function refs(dir: string) {
  return { refs: git(dir, 'for-each-ref'), status: git(dir, 'status', '--porcelain', '--untracked-files=all') };
}

function pullRequests() {
  return github.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pulls'));
}

describe('promote --to-registry <path> --pr', () => {
  it('pushes the branch to the target origin and opens the PR in the target repository, provenance in its body', async () => {
    const { staging, prod, bare, repo } = registries();
    const sourceBefore = refs(staging);
    withToken();
    const result = await runCli(staging, [
      'promote',
      'fraud@1.2.0',
      '--to-registry',
      prod,
      '--stage',
      'production',
      '--pr',
      '-m',
      'Signed off by @risk',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`pushed ${BRANCH} and opened https://github.invalid/`);
    expect(git(bare, 'rev-parse', `refs/heads/${BRANCH}`)).toBe(git(prod, 'rev-parse', BRANCH));
    expect(git(bare, 'fsck', '--strict')).toBe('');
    expect(refs(staging)).toEqual(sourceBefore);

    const [request, ...more] = pullRequests();
    expect(more).toEqual([]);
    expect(request!.path).toBe(`/repos/${repo}/pulls`);
    expect(request!.body).toMatchObject({
      title: 'register(fraud): 1.2.0 in production, from staging',
      head: BRANCH,
      base: 'main',
    });
    const body = request!.body.body as string;
    const commit = git(staging, 'rev-parse', 'HEAD');
    expect(body).toContain('| fraud | 1.2.0 | production | staging | staging |');
    expect(body).toContain(`| Repository | \`${staging}\` |`);
    expect(body).toContain(`| Commit | \`${commit}\` |`);
    expect(body).toContain(`| Entry (blob) | \`${git(staging, 'rev-parse', `HEAD:${v120}`)}\` |`);
    expect(body).toContain(`| Artifact \`model\` | \`sha256:${'a'.repeat(64)}\` |`);
    expect(body).toContain('- `models/fraud/model.yaml`');
    // The note is text: no mention of a team.
    expect(body).toContain('Signed off by @&#8203;risk');
    expect(body).not.toContain('Modelreg-Action');
  });

  it('a refused push deletes the new branch of the target again and opens nothing', async () => {
    const { staging, prod, bare } = registries();
    const before = [refs(staging), refs(prod)];
    withToken('wrong-token');
    const result = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--pr']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`pushing ${BRANCH} was refused`);
    expect(result.stderr).toContain('nothing changed');
    expect([refs(staging), refs(prod)]).toEqual(before);
    expect(git(bare, 'for-each-ref', 'refs/heads/modelreg')).toBe('');
    expect(pullRequests()).toEqual([]);
  });

  it('refuses --pr without a token, a target without origin and --here with --pr before writing anything', async () => {
    const { staging, prod } = registries();
    const before = [refs(staging), refs(prod)];
    const headsBefore = git(prod, 'for-each-ref', 'refs/heads');
    const noToken = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--pr']);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('NO_GITHUB_TOKEN');

    withToken();
    const here = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--pr', '--here']);
    expect(here.code).toBe(2);
    expect(here.stderr).toContain('--here and --pr contradict each other');

    git(prod, 'remote', 'remove', 'origin');
    const noOrigin = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod, '--pr']);
    expect(noOrigin.code).toBe(2);
    expect(noOrigin.stderr).toContain('NO_REMOTE');
    // Removing the remote took its tracking refs along: the branches and the tree are as they were.
    expect(git(prod, 'for-each-ref', 'refs/heads')).toBe(headsBefore);
    expect([refs(staging), refs(prod).status]).toEqual([before[0], before[1]!.status]);
    expect(pullRequests()).toEqual([]);
  });

  it('a copy the target refuses (a stage a copy may not arrive in) pushes nothing and opens nothing', async () => {
    const { staging, prod, bare } = registries();
    withToken();
    const before = refs(prod);
    const result = await runCli(staging, [
      'promote',
      'fraud@1.2.0',
      '--to-registry',
      prod,
      '--stage',
      'archived',
      '--pr',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('STAGE_NOT_INITIAL');
    expect(refs(prod)).toEqual(before);
    expect(git(bare, 'for-each-ref', 'refs/heads/modelreg')).toBe('');
    expect(pullRequests()).toEqual([]);
  });
});

describe('promote --to-registry OWNER/REPO', () => {
  /** Where the temporary clones go during a run: empty again afterwards. */
  let scratch: string;
  const savedTmp = process.env.TMPDIR;
  beforeEach(() => {
    scratch = tempDir('modelreg-scratch-');
    process.env.GITHUB_SERVER_URL = github.server.url;
  });
  afterEach(() => {
    delete process.env.GITHUB_SERVER_URL;
    github.server.privateReads = false;
  });

  async function promoteIn(cwd: string, args: string[]) {
    process.env.TMPDIR = scratch;
    try {
      return await runCli(cwd, ['promote', 'fraud@1.2.0', '--to-registry', ...args]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
  }

  /** Staging checked out from the server; models-prod only on the server, accepting staging by its https URL. */
  function remoteRegistries() {
    const n = ++counter;
    const { dir: staging } = github.server.checkout(
      createRepo({
        'registry.yaml': templatePolicy(),
        'models/fraud/model.yaml': modelYaml('fraud'),
        [v120]: versionYaml('1.2.0', { stage: 'staging', metrics: { auc: 0.91 } }),
      }),
      `acme/models-staging${n}`,
    );
    const stagingUrl = `${github.server.url}/acme/models-staging${n}.git`;
    const policy =
      templatePolicy() +
      '\nprovenance:\n  required: true\n  sources:\n' +
      `    - name: staging\n      url: ${JSON.stringify(stagingUrl)}\n      stage: staging\n      initial_stages: [staging, production]\n`;
    const repo = `acme/models-prod${n}`;
    github.server.publish(createRepo({ 'registry.yaml': policy, 'models/.keep': '' }), repo);
    return { staging, stagingUrl, repo, bare: github.server.bare(repo) };
  }

  it('clones the target over HTTPS, pushes the branch there and opens its PR, leaving no clone behind', async () => {
    const { staging, stagingUrl, repo, bare } = remoteRegistries();
    github.server.privateReads = true;
    withToken();
    const mainBefore = git(bare, 'rev-parse', 'main');
    const sourceBefore = refs(staging);
    const result = await promoteIn(staging, [repo, '--stage', 'production']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`pushed ${BRANCH} and opened https://github.invalid/`);
    expect(readdirSync(scratch)).toEqual([]);
    expect(refs(staging)).toEqual(sourceBefore);
    expect(git(bare, 'rev-parse', 'main')).toBe(mainBefore);
    expect(git(bare, 'fsck', '--strict')).toBe('');
    const copied = git(bare, 'show', `${BRANCH}:${v120}`);
    expect(copied).toContain(`repository: ${JSON.stringify(stagingUrl)}`);
    expect(copied).toContain(`commit: "${git(staging, 'rev-parse', 'HEAD')}"`);
    expect(git(bare, 'log', '-1', '--format=%an <%ae>', BRANCH)).toBe(git(staging, 'log', '-1', '--format=%an <%ae>'));

    const [request, ...more] = pullRequests();
    expect(more).toEqual([]);
    expect(request!.path).toBe(`/repos/${repo}/pulls`);
    expect(request!.body).toMatchObject({ head: BRANCH, base: 'main' });
    expect(request!.body.body).toContain(`| Repository | \`${stagingUrl}\` |`);

    // What the target's CI does with the pushed branch: the provenance checks out against the source.
    const clone = tempDir();
    git(clone, 'clone', '-q', bare, 'prod');
    const validated = await runCli(join(clone, 'prod'), ['validate', '--base', 'main', '--head', `origin/${BRANCH}`]);
    expect(validated.stdout + validated.stderr).not.toContain('error');
    expect(validated.code).toBe(0);
  });

  it('refuses without a token, over plain http, with --here, --repo or a directory of that name, before cloning', async () => {
    const { staging, repo } = remoteRegistries();
    const noToken = await promoteIn(staging, [repo]);
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('NO_GITHUB_TOKEN');

    withToken();
    delete process.env.MODELREG_ALLOW_INSECURE_LOOPBACK;
    try {
      const insecure = await promoteIn(staging, [repo]);
      expect(insecure.code).toBe(2);
      expect(insecure.stderr).toContain('INSECURE_TRANSPORT');
    } finally {
      process.env.MODELREG_ALLOW_INSECURE_LOOPBACK = '1';
    }
    const here = await promoteIn(staging, [repo, '--here']);
    expect(here.stderr).toContain('--here and --pr contradict each other');
    const withRepo = await promoteIn(staging, [repo, '--repo', repo]);
    expect(withRepo.stderr).toContain(`--repo does not apply: --to-registry ${repo} names the repository`);
    const badServer = await promoteIn(staging, [repo, '--github-server-url', 'github.example.com']);
    expect(badServer.stderr).toContain('the GitHub server URL must be an https URL');

    mkdirSync(join(staging, repo), { recursive: true });
    const ambiguous = await promoteIn(staging, [repo]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(`--to-registry ${repo} names both a directory here and a GitHub repository`);

    expect(github.server.requests.filter((r) => r.includes(`/${repo}.git/`))).toEqual([]);
    expect(readdirSync(scratch)).toEqual([]);
    expect(pullRequests()).toEqual([]);
  });

  it('says TARGET_UNREACHABLE for a repository the server does not have, TARGET_UNAUTHORIZED for a refused token', async () => {
    const { staging, repo, bare } = remoteRegistries();
    withToken();
    const missing = await promoteIn(staging, ['acme/no-such-registry']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('TARGET_UNREACHABLE');
    expect(missing.stderr).toContain('acme/no-such-registry');

    github.server.privateReads = true;
    withToken('wrong-token');
    const refused = await promoteIn(staging, [repo]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('TARGET_UNAUTHORIZED');
    expect(refused.stderr).not.toContain('wrong-token');
    expect(git(bare, 'for-each-ref', 'refs/heads/modelreg')).toBe('');
    expect(readdirSync(scratch)).toEqual([]);
    expect(pullRequests()).toEqual([]);
  });

  it('a copy the target refuses pushes nothing, opens nothing and leaves no clone behind', async () => {
    const { staging, repo, bare } = remoteRegistries();
    withToken();
    const result = await promoteIn(staging, [repo, '--stage', 'archived']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('STAGE_NOT_INITIAL');
    expect(git(bare, 'for-each-ref', 'refs/heads/modelreg')).toBe('');
    expect(readdirSync(scratch)).toEqual([]);
    expect(pullRequests()).toEqual([]);
  });
});
