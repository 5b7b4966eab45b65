import { afterEach, describe, expect, it } from 'vitest';
import { useGitHubRig } from './helpers/github-rig.js';
import { runCli } from './helpers/run-cli.js';
import { git } from './helpers/temp-repo.js';

const github = useGitHubRig('secret-token', 'acme/registry');
afterEach(() => {
  delete process.env.GITHUB_TOKEN;
  delete process.env.GITHUB_API_URL;
});

function withToken(token = 'secret-token') {
  process.env.GITHUB_TOKEN = token;
  process.env.GITHUB_API_URL = github.fake.url;
}

describe('--pr: push over smart HTTP and open the pull request through the API', () => {
  it('promote --pr pushes the branch and opens a PR with the comparison in its body', async () => {
    const { dir, bare, repo } = github.fraudRegistry();
    withToken();
    const result = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--pr', '-m', 'Better AUC']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const branch = 'modelreg/promote-fraud-1.1.0-to-production';
    expect(result.stdout).toContain(`pushed ${branch} and opened https://github.invalid/acme/registry/pull/1`);
    expect(git(bare, 'rev-parse', `refs/heads/${branch}`)).toBe(git(dir, 'rev-parse', branch));
    expect(git(bare, 'fsck', '--strict')).toBe('');
    const request = github.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))!;
    expect(request.path).toBe(`/repos/${repo}/pulls`);
    expect(request.body).toMatchObject({
      title: 'promote(fraud): 1.1.0 → production (replaces 1.0.0)',
      head: branch,
      base: 'main',
    });
    expect(request.body.body).toContain('Better AUC');
    expect(request.body.body).toContain('| auc (maximize) | 0.9 | 0.93 | +0.03 | 🟢 better |');
  });

  it("renders the user's message in the PR body as text: no HTML, links, images or @mentions", async () => {
    const { dir } = github.fraudRegistry();
    withToken();
    const message =
      'Ship it @acme/everyone <img src=x onerror=alert(1)>\n# Heading\n[click](javascript:alert(1)) ![i](https://evil.invalid/x.png)';
    const result = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--pr', '-m', message]);
    expect(result.stderr).toBe('');
    const body = github.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))!.body
      .body as string;
    expect(body).not.toContain('<img');
    expect(body).not.toContain('@acme/everyone');
    expect(body).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(body).toContain('\\[click\\](javascript:alert(1))');
    expect(body).not.toContain('![i](');
    expect(body).not.toMatch(/^# Heading/m);
    expect(body).toContain('Ship it');
  });

  it('register --pr and rollback --pr open pull requests too', async () => {
    const { dir, bare } = github.fraudRegistry();
    withToken();
    const register = await runCli(dir, [
      'register',
      'fraud',
      '--bump',
      'minor',
      '--artifact',
      'model=s3://m/1.2.0.onnx',
      '--digest',
      `model=sha256:${'d'.repeat(64)}`,
      '--pr',
    ]);
    expect(register.stderr).toBe('');
    expect(register.stdout).toContain('pushed modelreg/register-fraud-1.2.0 and opened');
    expect(git(bare, 'rev-parse', 'refs/heads/modelreg/register-fraud-1.2.0')).toMatch(/^[0-9a-f]{40}$/);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(git(dir, 'rev-parse', 'origin/main'));

    expect((await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here'])).code).toBe(0);
    const rollback = await runCli(dir, ['rollback', 'fraud', '--pr', '--branch', 'undo-1.1.0']);
    expect(rollback.stderr).toBe('');
    expect(rollback.stdout).toContain('pushed undo-1.1.0 and opened');
    expect(git(bare, 'rev-parse', 'refs/heads/undo-1.1.0')).toBe(git(dir, 'rev-parse', 'undo-1.1.0'));
    const bodies = github.fake.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/pulls'))
      .map((r) => r.body.title);
    expect(bodies).toEqual([
      'register(fraud): 1.2.0 in development',
      'rollback(fraud): production 1.1.0 → 1.0.0 (reverts ' + git(dir, 'rev-parse', '--short=7', 'main') + ')',
    ]);
  });

  it('a rejected push leaves the repository as it was and opens nothing', async () => {
    const { dir, bare } = github.fraudRegistry();
    withToken('wrong-token');
    const before = git(dir, 'for-each-ref');
    const result = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--pr']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pushing modelreg/promote-fraud-1.1.0-to-production was refused');
    expect(result.stderr).toContain('nothing changed');
    expect(git(dir, 'for-each-ref')).toBe(before);
    expect(git(bare, 'for-each-ref', 'refs/heads/modelreg')).toBe('');
    expect(github.fake.requests.some((r) => r.method === 'POST' && r.path.endsWith('/pulls'))).toBe(false);
  });

  it('refuses --pr without a token before changing anything', async () => {
    const { dir } = github.fraudRegistry();
    const before = git(dir, 'for-each-ref');
    const result = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--pr']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs a GitHub token');
    expect(git(dir, 'for-each-ref')).toBe(before);
  });
});
