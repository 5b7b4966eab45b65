/**
 * promote --to-registry … --pr: the copy is committed on a branch of the
 * target, pushed to the target's origin (the smart-HTTP server) and its pull
 * request opened in the target repository (the fake GitHub).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { useGitHubRig } from './helpers/github-rig.js';
import { runCli } from './helpers/run-cli.js';
import { createRepo, git } from './helpers/temp-repo.js';

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
