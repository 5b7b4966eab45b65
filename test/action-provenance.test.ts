/**
 * The validation action in a target registry (separate registries per
 * environment): a pull request adding a version copied from a private source
 * on the smart-HTTP server is checked against that source, fetched with the
 * source-token input. Bundled, as the runner runs it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './helpers/fake-github.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { GitHttpServer } from './helpers/git-http-server.js';
import { runAction } from './helpers/run-action.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v120 = versionPath('fraud', '1.2.0');
const BRANCH = 'modelreg/promote-fraud-1.2.0-from-staging';

let fake: FakeGitHub;
let server: GitHttpServer;
let counter = 0;
beforeAll(async () => {
  fake = await FakeGitHub.start();
  server = await GitHttpServer.start('source-token');
  server.privateReads = true;
});
afterAll(async () => {
  await fake.close();
  await server.close();
});
afterEach(() => {
  fake.pulls.clear();
  fake.comments.clear();
  fake.requests.length = 0;
  expect(fake.violations.splice(0)).toEqual([]);
});

/**
 * models-staging on the server (private), models-prod accepting it, and PR #7
 * of models-prod: the branch `promote --to-registry` made, with `tamper`
 * applied to the copied file, checked out as GitHub's merge commit.
 */
async function copiedPullRequest(tamper: (text: string) => string = (text) => text) {
  const { dir: staging } = server.checkout(
    createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [v120]: versionYaml('1.2.0', { stage: 'staging', metrics: { auc: 0.91 } }),
    }),
    `acme/models-staging${++counter}`,
  );
  const url = `${server.url}/acme/models-staging${counter}.git`;
  const prod = createRepo({
    'registry.yaml':
      templatePolicy() +
      '\nprovenance:\n  required: true\n  sources:\n' +
      `    - name: staging\n      url: ${JSON.stringify(url)}\n      stage: staging\n`,
    'models/.keep': '',
  });
  process.env.MODELREG_ALLOW_INSECURE_LOOPBACK = '1';
  process.env.MODELREG_SOURCE_TOKEN = 'source-token';
  try {
    const promoted = await runCli(staging, ['promote', 'fraud@1.2.0', '--to-registry', prod]);
    expect(promoted.stderr).toBe('');
  } finally {
    delete process.env.MODELREG_ALLOW_INSECURE_LOOPBACK;
    delete process.env.MODELREG_SOURCE_TOKEN;
  }
  git(prod, 'switch', '-q', BRANCH);
  const text = git(prod, 'show', `HEAD:${v120}`) + '\n';
  if (tamper(text) !== text) commit(prod, { [v120]: tamper(text) }, 'edit the copy');
  const head = git(prod, 'rev-parse', 'HEAD');
  const base = git(prod, 'rev-parse', 'main');
  git(prod, 'checkout', '-q', '--detach', 'main');
  git(prod, 'merge', '-q', '--no-ff', '-m', `Merge ${head} into ${base}`, head);
  fake.pulls.set(7, {
    number: 7,
    author: 'dana',
    headSha: head,
    headRef: BRANCH,
    baseRef: 'main',
    reviews: [],
    mergedAt: null,
  });
  const event = {
    action: 'opened',
    number: 7,
    pull_request: {
      number: 7,
      user: { login: 'dana' },
      head: { sha: head, ref: BRANCH, repo: { full_name: 'acme/registry' } },
      base: { sha: base, ref: 'main', repo: { full_name: 'acme/registry' } },
    },
  };
  return { prod, text, event };
}

function check(prod: string, event: object, inputs: Record<string, string> = {}) {
  return runAction({
    action: 'validate',
    workspace: prod,
    eventName: 'pull_request',
    event,
    apiUrl: fake.url,
    sha: git(prod, 'rev-parse', 'HEAD'),
    inputs,
  });
}

describe('the validation action checks provenance against the source', () => {
  it('passes a copied version, fetching the private source with the source-token input (masked)', async () => {
    const { prod, event } = await copiedPullRequest();
    const fetchesBefore = server.requests.length;
    const run = await check(prod, event, { 'source-token': 'source-token' });
    expect(run.stdout).not.toContain('::error');
    expect(run.outputs.verdict).toBe('pass');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('::add-mask::source-token');
    expect(server.requests.slice(fetchesBefore).some((r) => r.includes('git-upload-pack'))).toBe(true);
  });

  it('fails with SOURCE_UNAUTHORIZED, naming the source-token input, when the private source cannot be read', async () => {
    const { prod, event } = await copiedPullRequest();
    const run = await check(prod, event);
    expect(run.code).not.toBe(0);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toContain('SOURCE_UNAUTHORIZED');
    expect(run.stdout).toContain('source-token input');
  });

  it('annotates a digest that is not the source one on its provenance line', async () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const { prod, text, event } = await copiedPullRequest((t) =>
      t.replace(`model: ${digest}`, `model: sha256:${'b'.repeat(64)}`),
    );
    const line = text.split('\n').findIndex((l) => l === `    model: ${digest}`) + 1;
    expect(line).toBeGreaterThan(1);
    const run = await check(prod, event, { 'source-token': 'source-token' });
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toContain(
      `::error title=PROVENANCE_ARTIFACTS_MISMATCH,file=${v120},line=${line},col=12::the provenance of fraud@1.2.0 records sha256:${'b'.repeat(64)}`,
    );
  });
});
