/**
 * The bundled actions with `registry-path` (issue 10 §2): a registry in
 * registry/ of an application repository is validated there, and findings are
 * annotated on the repository's paths so GitHub puts them on the right file.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './helpers/fake-github.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runAction } from './helpers/run-action.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v100 = `registry/${versionPath('fraud', '1.0.0')}`;
const v120 = `registry/${versionPath('fraud', '1.2.0')}`;

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await FakeGitHub.start();
});
afterAll(() => fake.close());
afterEach(() => {
  fake.pulls.clear();
  fake.comments.clear();
  expect(fake.violations.splice(0)).toEqual([]);
});

/** An application repository; its registry is in registry/. */
function appRepository(): string {
  return createRepo({
    'README.md': '# The ML platform\n',
    'app/serve.py': 'print("serving")\n',
    'registry/registry.yaml': templatePolicy(),
    'registry/models/fraud/model.yaml': modelYaml('fraud'),
    [v100]: versionYaml('1.0.0'),
  });
}

/** PR #7 with `change`, checked out as GitHub's merge commit. */
function openPullRequest(dir: string, change: Record<string, string>) {
  const base = git(dir, 'rev-parse', 'main');
  git(dir, 'checkout', '-q', '-b', 'pr-7');
  const head = commit(dir, change, 'the pull request');
  git(dir, 'checkout', '-q', '--detach', 'main');
  git(dir, 'merge', '-q', '--no-ff', '-m', `Merge ${head} into ${base}`, head);
  fake.pulls.set(7, {
    number: 7,
    author: 'dana',
    headSha: head,
    headRef: 'pr-7',
    baseRef: 'main',
    reviews: [],
    mergedAt: null,
  });
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      user: { login: 'dana' },
      head: { sha: head, ref: 'pr-7', repo: { full_name: 'acme/registry' } },
      base: { sha: base, ref: 'main', repo: { full_name: 'acme/registry' } },
    },
  };
}

function check(dir: string, event: object, inputs: Record<string, string>, eventName = 'pull_request') {
  return runAction({
    action: 'validate',
    workspace: dir,
    eventName,
    event,
    apiUrl: fake.url,
    inputs,
    sha: git(dir, 'rev-parse', 'HEAD'),
  });
}

describe('the validation action with registry-path', () => {
  const invalid = { [v120]: versionYaml('1.2.0', { stage: 'production' }) };

  it('validates the registry in registry/ and annotates the repository path', async () => {
    const dir = appRepository();
    const event = openPullRequest(dir, invalid);
    const run = await check(dir, event, { 'registry-path': 'registry' });
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toMatch(new RegExp(`::error title=STAGE_NOT_INITIAL,file=${v120},line=\\d+,col=\\d+::`));
    expect(fake.comments.get(7)![0]!.body).toContain(v120);
  });

  it('passes a valid change there, and reads history there (no finding about unrelated files)', async () => {
    const dir = appRepository();
    const event = openPullRequest(dir, { [v120]: versionYaml('1.2.0'), 'app/serve.py': 'print("v2")\n' });
    const run = await check(dir, event, { 'registry-path': 'registry' });
    expect(run.stdout).not.toContain('::error');
    expect(run.outputs.verdict).toBe('pass');
    expect(JSON.parse(run.outputs.changes!)).toEqual([
      { model: 'fraud', version: '1.2.0', type: 'register', from: null, to: 'development' },
    ]);
  });

  it('refuses, instead of passing, when registry-path does not name the registry', async () => {
    const dir = appRepository();
    const event = openPullRequest(dir, invalid);
    const wrongPaths: Record<string, string>[] = [{}, { 'registry-path': 'app' }];
    for (const inputs of wrongPaths) {
      const run = await check(dir, event, inputs);
      expect(run.code).toBe(1);
      expect(run.outputs.verdict).not.toBe('pass');
      expect(run.stdout).toMatch(
        /::error::error\[NOT_A_REGISTRY\]: not a modelreg registry: no registry\.yaml in \S+ \(at [^)]*\); run `modelreg init`/,
      );
    }
    const outside = await check(dir, event, { 'registry-path': '../elsewhere' });
    expect(outside.stdout).toContain(
      '::error::error[ACTION_INPUT]: registry-path "../elsewhere" is outside the workspace',
    );
  });

  it('checks a merge queue group there', async () => {
    const dir = appRepository();
    const base = git(dir, 'rev-parse', 'HEAD');
    const head = commit(dir, invalid, 'queued');
    const run = await check(
      dir,
      { merge_group: { base_sha: base, head_sha: head } },
      { 'registry-path': 'registry' },
      'merge_group',
    );
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toMatch(new RegExp(`::error title=STAGE_NOT_INITIAL,file=${v120},line=\\d+,col=\\d+::`));
  });

  it('re-validates the registry there after a push', async () => {
    const dir = appRepository();
    const before = git(dir, 'rev-parse', 'HEAD');
    // Invalid on its own, not only as a change: a digest that is not one.
    const after = commit(
      dir,
      { [v120]: versionYaml('1.2.0', { digest: 'sha256:not-a-digest' }) },
      'pushed straight to main',
    );
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'push',
      event: { before, after, ref: 'refs/heads/main' },
      apiUrl: fake.url,
      inputs: { record: 'false', 'registry-path': 'registry' },
    });
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toMatch(new RegExp(`::error title=[A-Z_]+,file=${v120},line=\\d+,`));
  });
});
