/**
 * What the machine around modelreg can get wrong, and the one clear line a
 * user gets for it: a token about to travel over plain http, a repository git
 * refuses to read, a repository modelreg may not write, a shallow clone, and
 * a bug (no stack trace unless asked for).
 */
import { describe, expect, it } from 'vitest';
import { ALLOW_INSECURE_LOOPBACK, refuseTokenOverPlainHttp } from '../src/token-transport.js';
import { useGitHubRig } from './helpers/github-rig.js';
import { runCli } from './helpers/run-cli.js';
import { git } from './helpers/temp-repo.js';

const github = useGitHubRig('secret-token', 'acme/transport');

/** Runs `work` with the loopback opt-in unset (the rig sets it for the whole file). */
async function withoutLoopbackOptIn<T>(work: () => Promise<T>): Promise<T> {
  delete process.env[ALLOW_INSECURE_LOOPBACK];
  try {
    return await work();
  } finally {
    process.env[ALLOW_INSECURE_LOOPBACK] = '1';
  }
}

async function promoteWithPr(dir: string, env: Record<string, string>, extra: string[] = []) {
  Object.assign(process.env, env);
  try {
    return await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--pr', ...extra]);
  } finally {
    for (const name of Object.keys(env)) delete process.env[name];
  }
}

describe('a token never travels over plain http', () => {
  it('--pr refuses an http origin before committing anything, and sends nothing', async () => {
    const { dir, bare } = github.fraudRegistry();
    const before = git(dir, 'for-each-ref');
    const served = github.server.requests.length;
    const result = await withoutLoopbackOptIn(() => promoteWithPr(dir, { GITHUB_TOKEN: 'secret-token', GITHUB_API_URL: 'https://api.github.invalid' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: refusing to send the GitHub token over plain http to ${github.server.url} (pushing to origin)\n` +
        `hint: Use an https:// URL (git remote set-url origin https://…, --github-api-url https://…, GITHUB_API_URL). Only for a test server on this machine: MODELREG_ALLOW_INSECURE_LOOPBACK=1 allows http to 127.0.0.1, localhost and [::1].\n`,
    );
    expect(result.stderr).not.toContain('secret-token');
    expect(git(dir, 'for-each-ref')).toBe(before);
    expect(git(bare, 'for-each-ref', 'refs/heads/modelreg')).toBe('');
    expect(github.server.requests.length).toBe(served);
    expect(github.fake.requests).toEqual([]);
  });

  it('--pr refuses an http GitHub API (GITHUB_API_URL or --github-api-url) even with an https origin', async () => {
    const { dir } = github.fraudRegistry();
    git(dir, 'remote', 'set-url', 'origin', 'https://github.com/acme/registry.git');
    const before = git(dir, 'for-each-ref');
    const fromEnv = await withoutLoopbackOptIn(() => promoteWithPr(dir, { GITHUB_TOKEN: 'secret-token', GITHUB_API_URL: github.fake.url }));
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain(`error: refusing to send the GitHub token over plain http to ${github.fake.url} (the GitHub API)\n`);
    const fromFlag = await promoteWithPr(dir, { GITHUB_TOKEN: 'secret-token' }, ['--github-api-url', 'http://ghe.example.com/api/v3']);
    expect(fromFlag.stderr).toContain('error: refusing to send the GitHub token over plain http to http://ghe.example.com (the GitHub API)\n');
    expect(git(dir, 'for-each-ref')).toBe(before);
    expect(github.fake.requests).toEqual([]);
  });

  it('--pr whose GitHub API cannot be reached says so in one line; the pushed branch stays', async () => {
    const { dir, bare } = github.fraudRegistry();
    const result = await promoteWithPr(dir, { GITHUB_TOKEN: 'secret-token', GITHUB_API_URL: 'https://api.github.invalid' });
    const branch = 'modelreg/promote-fraud-1.1.0-to-production';
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^error: pushed ${branch}, but opening its pull request failed: GitHub API pulls\\.create failed[^\\n]*\\nhint: Check the network and the API URL \\(https://api\\.github\\.invalid\\), then open the pull request on GitHub\\.\\n$`));
    expect(git(bare, 'rev-parse', `refs/heads/${branch}`)).toBe(git(dir, 'rev-parse', branch));
  });

  it('the loopback opt-in covers loopback hosts only, and never prints credentials', () => {
    const allowed = { [ALLOW_INSECURE_LOOPBACK]: '1' };
    const refused = (url: string, env: NodeJS.ProcessEnv = allowed) => {
      try {
        refuseTokenOverPlainHttp(url, 'test', env);
        return undefined;
      } catch (error) {
        return (error as { code?: string; message: string }).code === 'INSECURE_TRANSPORT' ? (error as Error).message : 'other error';
      }
    };
    for (const url of ['https://api.github.com', 'https://github.com/acme/r.git', 'http://127.0.0.1:8080/x.git', 'http://localhost/api', 'http://[::1]:9/x', 'HTTP://LOCALHOST:1/x']) {
      expect(refused(url), url).toBeUndefined();
    }
    for (const url of ['http://github.com/acme/r.git', 'http://127.0.0.1.nip.io/x', 'http://localhost.example.com/', 'http://127.0.0.1@example.com/', 'http://10.0.0.1/', 'http://127.0.0.2/', 'http://0.0.0.0/']) {
      expect(refused(url), url).toBeTruthy();
    }
    // Without the opt-in, loopback is plain http like any other.
    expect(refused('http://127.0.0.1:8080/x.git', {})).toBeTruthy();
    expect(refused('http://127.0.0.1:8080/x.git', { [ALLOW_INSECURE_LOOPBACK]: 'true' })).toBeTruthy();
    expect(refused('http://x-access-token:ghp_secret@example.com/acme/r.git')).toBe('refusing to send the GitHub token over plain http to http://example.com (test)');
  });
});
