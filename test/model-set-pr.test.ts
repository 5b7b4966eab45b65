/** modelreg model set --pr: the same push-and-open path as promote --pr, against the smart-HTTP server and the fake GitHub API. */
import { afterEach, describe, expect, it } from 'vitest';
import { useGitHubRig } from './helpers/github-rig.js';
import { runCli } from './helpers/run-cli.js';
import { git } from './helpers/temp-repo.js';

const github = useGitHubRig('secret-token', 'acme/registry');
afterEach(() => {
  delete process.env.GITHUB_TOKEN;
  delete process.env.GITHUB_API_URL;
});

describe('model set --pr', () => {
  it('pushes the branch and opens a pull request listing the changes as text', async () => {
    const { dir, bare, repo } = github.fraudRegistry();
    process.env.GITHUB_TOKEN = 'secret-token';
    process.env.GITHUB_API_URL = github.fake.url;
    const result = await runCli(dir, [
      'model',
      'set',
      'fraud',
      '--owner',
      'bob',
      '--description',
      'Fraud <b>@acme/everyone</b>',
      '--pr',
      '--branch',
      'fraud-owners',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pushed fraud-owners and opened https://github.invalid/acme/registry/pull/1');
    expect(git(bare, 'rev-parse', 'refs/heads/fraud-owners')).toBe(git(dir, 'rev-parse', 'fraud-owners'));
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(git(dir, 'rev-parse', 'origin/main'));
    const request = github.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))!;
    expect(request.path).toBe(`/repos/${repo}/pulls`);
    expect(request.body).toMatchObject({ head: 'fraud-owners', base: 'main' });
    expect(request.body.title).toMatch(/^model\(fraud\): /);
    const body = request.body.body as string;
    expect(body).toContain('`owners: + bob`');
    // What users typed stays inside code spans: no HTML, no @mention.
    expect(body).toContain('- `description: "Fraud <b>@acme/everyone</b>"`');
    expect(body.replace(/`[^`]*`/g, '')).not.toMatch(/<b>|@acme/);
  });
});
