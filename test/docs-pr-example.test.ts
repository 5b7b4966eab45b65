import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './helpers/fake-github.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runAction } from './helpers/run-action.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const DOC = 'docs/github.md';

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await FakeGitHub.start();
  fake.teams.set('acme/ml', new Set(['carol']));
});
afterAll(() => fake.close());

describe('docs/github.md', () => {
  it('shows the comment and annotations a real run of the bundled action produces', async () => {
    const v100 = versionPath('fraud', '1.0.0');
    const v110 = versionPath('fraud', '1.1.0');
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml(
        'fraud',
        'metrics:\n  auc: {goal: maximize}\n  latency_ms: {goal: minimize}\nacceptance:\n  production:\n    metrics:\n      auc: {min: 0.85}\n',
      ),
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9, latency_ms: 31 } }),
      [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.93, latency_ms: 35 } }),
    });
    const base = git(dir, 'rev-parse', 'main');
    git(dir, 'checkout', '-q', '-b', 'promote');
    const head = commit(dir, {
      [v110]: versionYaml('1.1.0', { stage: 'production', metrics: { auc: 0.93, latency_ms: 35 } }),
      [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9, latency_ms: 31 } }),
    });
    git(dir, 'checkout', '-q', '--detach', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'merge', head);
    fake.pulls.set(12, {
      number: 12,
      author: 'dana',
      headSha: head,
      headRef: 'promote',
      baseRef: 'main',
      reviews: [
        { user: 'alice', state: 'APPROVED', commitId: head },
        { user: 'mallory', state: 'APPROVED', commitId: head },
      ],
      mergedAt: null,
    });
    const event = {
      pull_request: {
        number: 12,
        user: { login: 'dana' },
        head: { sha: head, ref: 'promote', repo: { full_name: 'acme/registry' } },
        base: { sha: base, ref: 'main', repo: { full_name: 'acme/registry' } },
      },
    };
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
    });
    expect(fake.violations).toEqual([]);
    const comment = fake.comments.get(12)![0]!.body;
    const log = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('::'))
      .join('\n');
    const section = [
      '<!-- pr-example:start -->',
      '',
      'The log (workflow commands the runner turns into annotations):',
      '',
      '```',
      log,
      '```',
      '',
      'The pull request comment (the job summary is the same text):',
      '',
      '````markdown',
      comment,
      '````',
      '<!-- pr-example:end -->',
    ].join('\n');
    const doc = readFileSync(DOC, 'utf8');
    const updated = doc.replace(/<!-- pr-example:start -->[\s\S]*<!-- pr-example:end -->/, section);
    if (process.env.UPDATE_DOCS) writeFileSync(DOC, updated);
    expect(
      updated === doc,
      'docs/github.md is out of date: run UPDATE_DOCS=1 npx vitest run test/docs-pr-example.test.ts',
    ).toBe(true);
  });
});
