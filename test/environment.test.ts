/**
 * What the machine around modelreg can get wrong, and the one clear line a
 * user gets for it: a token about to travel over plain http, a repository git
 * refuses to read, a repository modelreg may not write, a shallow clone, and
 * a bug (no stack trace unless asked for).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOW_INSECURE_LOOPBACK, refuseTokenOverPlainHttp } from '../src/domain/token-transport.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { useGitHubRig } from './helpers/github-rig.js';
import { runAction } from './helpers/run-action.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';

const CONTRACT_URL = 'https://github.com/modelreg/modelreg/blob/main/docs/contract.md';
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
    const result = await withoutLoopbackOptIn(() =>
      promoteWithPr(dir, { GITHUB_TOKEN: 'secret-token', GITHUB_API_URL: 'https://api.github.invalid' }),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error[INSECURE_TRANSPORT]: refusing to send the GitHub token over plain http to ${github.server.url} (pushing to origin)\n` +
        `hint: Use an https:// URL (git remote set-url origin https://…, --github-api-url https://…, GITHUB_API_URL). Only for a test server on this machine: MODELREG_ALLOW_INSECURE_LOOPBACK=1 allows http to 127.0.0.1, localhost and [::1].\n` +
        `docs: ${CONTRACT_URL}#github\n`,
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
    const fromEnv = await withoutLoopbackOptIn(() =>
      promoteWithPr(dir, { GITHUB_TOKEN: 'secret-token', GITHUB_API_URL: github.fake.url }),
    );
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain(
      `error[INSECURE_TRANSPORT]: refusing to send the GitHub token over plain http to ${github.fake.url} (the GitHub API)\n`,
    );
    const fromFlag = await promoteWithPr(dir, { GITHUB_TOKEN: 'secret-token' }, [
      '--github-api-url',
      'http://ghe.example.com/api/v3',
    ]);
    expect(fromFlag.stderr).toContain(
      'error[INSECURE_TRANSPORT]: refusing to send the GitHub token over plain http to http://ghe.example.com (the GitHub API)\n',
    );
    expect(git(dir, 'for-each-ref')).toBe(before);
    expect(github.fake.requests).toEqual([]);
  });

  it('--pr whose GitHub API cannot be reached says so in one line; the pushed branch stays', async () => {
    const { dir, bare } = github.fraudRegistry();
    const result = await promoteWithPr(dir, {
      GITHUB_TOKEN: 'secret-token',
      GITHUB_API_URL: 'https://api.github.invalid',
    });
    const branch = 'modelreg/promote-fraud-1.1.0-to-production';
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^error\\[PULL_REQUEST_FAILED\\]: pushed ${branch}, but opening its pull request failed: GitHub API pulls\\.create failed[^\\n]*\\nhint: Check the network and the API URL \\(https://api\\.github\\.invalid\\), then open the pull request on GitHub\\.\\ndocs: ${CONTRACT_URL}#github\\n$`,
      ),
    );
    expect(git(bare, 'rev-parse', `refs/heads/${branch}`)).toBe(git(dir, 'rev-parse', branch));
  });

  it('the loopback opt-in covers loopback hosts only, and never prints credentials', () => {
    const allowed = { [ALLOW_INSECURE_LOOPBACK]: '1' };
    const refused = (url: string, env: NodeJS.ProcessEnv = allowed) => {
      try {
        refuseTokenOverPlainHttp(url, 'test', env);
        return undefined;
      } catch (error) {
        return (error as { code?: string; message: string }).code === 'INSECURE_TRANSPORT'
          ? (error as Error).message
          : 'other error';
      }
    };
    for (const url of [
      'https://api.github.com',
      'https://github.com/acme/r.git',
      'http://127.0.0.1:8080/x.git',
      'http://localhost/api',
      'http://[::1]:9/x',
      'HTTP://LOCALHOST:1/x',
    ]) {
      expect(refused(url), url).toBeUndefined();
    }
    for (const url of [
      'http://github.com/acme/r.git',
      'http://127.0.0.1.nip.io/x',
      'http://localhost.example.com/',
      'http://127.0.0.1@example.com/',
      'http://10.0.0.1/',
      'http://127.0.0.2/',
      'http://0.0.0.0/',
    ]) {
      expect(refused(url), url).toBeTruthy();
    }
    // Without the opt-in, loopback is plain http like any other.
    expect(refused('http://127.0.0.1:8080/x.git', {})).toBeTruthy();
    expect(refused('http://127.0.0.1:8080/x.git', { [ALLOW_INSECURE_LOOPBACK]: 'true' })).toBeTruthy();
    expect(refused('http://x-access-token:ghp_secret@example.com/acme/r.git')).toBe(
      'refusing to send the GitHub token over plain http to http://example.com (test)',
    );
  });
});

/** Runs `work` with environment variables set, then restores them. */
async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * fraud registered, promoted to staging and production, 1.1.0 replacing it;
 * `late` registered only in the last commit.
 */
function registryWithHistory(): string {
  const dir = createRepo({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud'),
    [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0'),
  });
  commit(
    dir,
    { [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'staging' }) },
    'promote 1.0.0 to staging',
  );
  commit(
    dir,
    {
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0'),
    },
    'production 1.0.0, register 1.1.0',
  );
  commit(
    dir,
    { [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging' }) },
    'promote 1.1.0 to staging',
  );
  commit(
    dir,
    {
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'production' }),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'archived' }),
    },
    'production 1.1.0',
  );
  commit(
    dir,
    { 'models/late/model.yaml': modelYaml('late'), [versionPath('late', '1.0.0')]: versionYaml('1.0.0') },
    'register late',
  );
  return dir;
}

function shallowClone(source: string, depth: number): string {
  const dir = tempDir();
  git(dir, 'clone', '-q', '--depth', String(depth), `file://${source}`, '.');
  git(dir, 'config', 'user.name', 'Test User');
  git(dir, 'config', 'user.email', 'test@example.com');
  return dir;
}

const INCOMPLETE =
  /^error\[SHALLOW_CLONE\]: the history is incomplete: this is a shallow clone[^\n]*\nhint: Fetch the whole history: git fetch --unshallow \(in GitHub Actions: actions\/checkout with fetch-depth: 0\)\.\ndocs: https:\/\/github\.com\/modelreg\/modelreg\/blob\/main\/docs\/contract\.md#the-repository\n$/;

describe('a shallow clone: answers that need earlier history say it is incomplete', () => {
  for (const [path, native] of [
    ['native git', '1'],
    ['isomorphic-git', '0'],
  ] as const) {
    it(`history, audit, --at, rollback and validate --base refuse instead of inventing a registration (${path})`, async () => {
      const dir = shallowClone(registryWithHistory(), 2);
      const before = git(dir, 'for-each-ref');
      await withEnv({ MODELREG_NATIVE_GIT: native }, async () => {
        for (const args of [
          ['history', 'fraud'],
          ['history'],
          ['audit'],
          ['resolve', 'fraud@production', '--at', '2025-12-31'],
          ['list', '--at', 'HEAD~3'],
          ['rollback', 'fraud', '--here'],
          ['rollback', 'fraud', '--to', '1.0.0', '--here'],
          ['validate', '--base', 'HEAD~4'],
        ]) {
          const result = await runCli(dir, args);
          expect({ args, code: result.code, stderr: result.stderr }).toEqual({
            args,
            code: 2,
            stderr: expect.stringMatching(INCOMPLETE),
          });
        }
      });
      expect(git(dir, 'for-each-ref')).toBe(before);
      expect(git(dir, 'status', '--porcelain')).toBe('');
    });

    it(`what the clone does hold is still answered (${path})`, async () => {
      const full = registryWithHistory();
      const dir = shallowClone(full, 2);
      await withEnv({ MODELREG_NATIVE_GIT: native }, async () => {
        // `late` was registered after the clone's oldest commit: its whole history is there.
        const late = await runCli(dir, ['history', 'late', '--format', 'json']);
        expect(late.stderr).toBe('');
        expect(late.stdout).toBe((await runCli(full, ['history', 'late', '--format', 'json'])).stdout);
        expect((await runCli(dir, ['list'])).code).toBe(0);
        // Validating the last change needs no earlier history.
        expect((await runCli(dir, ['validate', '--base', 'HEAD~1', '--head', 'HEAD'])).code).toBe(0);
        expect((await runCli(dir, ['resolve', 'fraud@production', '--at', 'HEAD~1'])).stdout).toContain('1.1.0');
      });
    });
  }
});

describe('a repository git refuses to read', () => {
  it('owned by another user: one error with the safe.directory fix, which then works', async () => {
    const dir = registryWithHistory();
    execFileSync('chown', ['-R', 'nobody', dir]);
    for (const args of [['list'], ['validate'], ['promote', 'fraud@1.1.0', '--to', 'staging', '--here']]) {
      const result = await runCli(dir, args);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `error[UNSAFE_REPOSITORY]: git refuses to read ${dir}: it belongs to another user (git's "dubious ownership" check)\n` +
          `hint: If you trust that repository: git config --global --add safe.directory ${dir} (or run modelreg as the user who owns it).\n` +
          `docs: ${CONTRACT_URL}#the-repository\n`,
      );
    }
    const globalConfig = join(tempDir(), 'gitconfig');
    writeFileSync(globalConfig, '');
    git(dir, 'config', '--file', globalConfig, '--add', 'safe.directory', dir);
    await withEnv({ GIT_CONFIG_GLOBAL: globalConfig }, async () => {
      const listed = await runCli(dir, ['list']);
      expect(listed.stderr).toBe('');
      expect(listed.stdout).toContain('fraud');
    });
  });
});

/** Makes the repository unwritable for this process (root ignores file modes, so an immutable flag there); returns the undo. */
function makeReadOnly(dir: string): () => void {
  const gitDir = join(dir, '.git');
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['-R', '+i', gitDir]);
    return () => execFileSync('chattr', ['-R', '-i', gitDir]);
  }
  execFileSync('chmod', ['-R', 'a-w', gitDir]);
  return () => execFileSync('chmod', ['-R', 'u+w', gitDir]);
}

describe('a repository this user may not write', () => {
  it('a write says which path and what to do; reads still work; nothing changes', async () => {
    const dir = registryWithHistory();
    const before = git(dir, 'for-each-ref');
    const restore = makeReadOnly(dir);
    try {
      const result = await runCli(dir, ['promote', 'fraud@1.0.0', '--to', 'staging', '--here']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(
          `^error\\[FILE_SYSTEM\\]: cannot \\w+ ${dir}/\\.git/\\S+: (operation not permitted|permission denied)\\nhint: modelreg writes commits into ${dir}/\\.git: run it as a user who may write there \\(ls -ld ${dir}/\\.git\\), or work in a clone of your own\\.\\ndocs: ${CONTRACT_URL}#the-repository\\n$`,
        ),
      );
      const listed = await runCli(dir, ['list']);
      expect(listed.stderr).toBe('');
      expect(listed.stdout).toContain('fraud');
    } finally {
      restore();
    }
    expect(git(dir, 'for-each-ref')).toBe(before);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

/**
 * A `git` on PATH whose `cat-file` dies at once, as a crashed or killed git would: modelreg cannot expect it, so it
 * is reported as a bug (a damaged repository is a user error of its own: test/repository-damage.test.ts).
 */
function pathWithDyingCatFile(): string {
  const bin = tempDir('modelreg-git-');
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\nfor arg in "$@"; do [ "$arg" = cat-file ] && exit 128; done\nexec ${real} "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return `${bin}:${process.env.PATH ?? ''}`;
}

describe('a bug prints one line with a code, the trace only when asked for', () => {
  function registryRead(args: string[], env: Record<string, string> = {}) {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0'),
    });
    return withEnv({ PATH: pathWithDyingCatFile(), MODELREG_NATIVE_GIT: '1', ...env }, () => runCli(dir, args));
  }

  it('without MODELREG_DEBUG: error[INTERNAL] and where to report it, no stack', async () => {
    const result = await registryRead(['list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error\[INTERNAL\]: [^\n]+\nhint: This is a bug in modelreg [^\n]+; please report it at https:\/\/github\.com\/modelreg\/modelreg\/issues with what you ran \(run it again with MODELREG_DEBUG=1 to add the trace\)\.\n$/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('with MODELREG_DEBUG=1: the stack too', async () => {
    const result = await registryRead(['list'], { MODELREG_DEBUG: '1' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[INTERNAL\]: [^\n]+\n[^\n]*\n\s+at [^\n]+/);
    expect(result.stderr).toMatch(/hint: This is a bug in modelreg [^\n]+ with what you ran and the trace\.\n$/);
  });
});

describe('the actions fail with one annotation too', () => {
  const catalog = (workspace: string, env: Record<string, string> = {}) =>
    runAction({
      action: 'catalog',
      workspace,
      eventName: 'push',
      event: {},
      apiUrl: 'https://api.github.invalid',
      env,
    });

  it('the validation action refuses an http GitHub API before sending the token', async () => {
    const dir = registryWithHistory();
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'push',
      event: {},
      apiUrl: 'http://127.0.0.1:9',
      allowInsecureLoopback: false,
    });
    expect(run.code).toBe(1);
    // The CLI's three lines, in one annotation (the runner's %0A is a line break).
    expect(run.stdout).toMatch(
      /^::error::error\[INSECURE_TRANSPORT\]: refusing to send the GitHub token over plain http to http:\/\/127\.0\.0\.1:9 \(the GitHub API\)%0Ahint: Use an https:\/\/ URL [^\n]*%0Adocs: https:\/\/github\.com\/modelreg\/modelreg\/blob\/main\/docs\/contract\.md#github$/m,
    );
  });

  it('a shallow checkout: the history is incomplete, with the fetch-depth fix', async () => {
    const run = await catalog(shallowClone(registryWithHistory(), 2));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::error\[SHALLOW_CLONE\]: the history is incomplete: this is a shallow clone[^\n]*%0Ahint: Fetch the whole history: git fetch --unshallow \(in GitHub Actions: actions\/checkout with fetch-depth: 0\)\.%0Adocs: https:\/\/github\.com\/modelreg\/modelreg\/blob\/main\/docs\/contract\.md#the-repository$/m,
    );
  });

  it('a bug: error[INTERNAL] in one line; the stack only with MODELREG_DEBUG=1 or ACTIONS_STEP_DEBUG', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0'),
    });
    const path = { PATH: pathWithDyingCatFile(), MODELREG_NATIVE_GIT: '1' };
    const plain = await catalog(dir, path);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(
      /^::error::error\[INTERNAL\]: [^\n]+\. This is a bug in modelreg [^\n]+ \(set the ACTIONS_STEP_DEBUG secret or variable to true, or MODELREG_DEBUG=1, and re-run to add the trace\)\.$/m,
    );
    expect(plain.stdout).not.toMatch(/^\s+at /m);
    for (const env of [{ MODELREG_DEBUG: '1' }, { ACTIONS_STEP_DEBUG: 'true' }] as Record<string, string>[]) {
      const debug = await catalog(dir, { ...path, ...env });
      expect(debug.code).toBe(1);
      expect(debug.stdout).toMatch(/^\s+at /m);
      expect(debug.stdout).toMatch(/^::error::error\[INTERNAL\]: [^\n]+ and the trace\.$/m);
    }
  });
});
