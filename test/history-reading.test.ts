import { describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, setClock } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');

const model = modelYaml(
  'fraud',
  'metrics:\n  auc: {goal: maximize}\n  latency_ms: {goal: minimize}\nacceptance:\n  production:\n    metrics:\n      auc: {min: 0.85}\n',
);

/**
 * January: 1.0.0 registered and promoted to production by direct commits.
 * February: 1.1.0 promoted over it through a merged pull request (#7).
 * March: the promotion reverted with native git revert.
 */
function lifecycle(): string {
  setClock('2024-01-05T09:00:00Z');
  const dir = createRepo(
    {
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': model,
      [v100]: versionYaml('1.0.0', { metrics: { auc: 0.9, latency_ms: 30 } }),
    },
    'register(fraud): 1.0.0 in development',
  );
  commit(
    dir,
    { [v100]: versionYaml('1.0.0', { stage: 'staging', metrics: { auc: 0.9, latency_ms: 30 } }) },
    'stage 1.0.0',
  );
  commit(
    dir,
    { [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9, latency_ms: 30 } }) },
    'ship 1.0.0',
  );
  setClock('2024-02-01T10:00:00Z');
  const lineage = 'lineage:\n  parent: 1.0.0\n  data:\n    - uri: s3://data/tx/2024-01/\n';
  const params = 'params:\n  depth: 8\n';
  commit(
    dir,
    {
      [v110]: versionYaml('1.1.0', {
        stage: 'staging',
        metrics: { auc: 0.93, latency_ms: 35 },
        extra: params + lineage,
      }),
    },
    'register 1.1.0',
  );
  git(dir, 'checkout', '-q', '-b', 'promote-1.1.0');
  setClock('2024-02-10T10:00:00Z');
  commit(
    dir,
    {
      [v110]: versionYaml('1.1.0', {
        stage: 'production',
        metrics: { auc: 0.93, latency_ms: 35 },
        extra: params + lineage,
      }),
      [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9, latency_ms: 30 } }),
    },
    'promote(fraud): 1.1.0 → production (replaces 1.0.0)',
  );
  git(dir, 'checkout', '-q', 'main');
  setClock('2024-02-12T16:00:00Z');
  git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #7 from acme/promote-1.1.0', 'promote-1.1.0');
  setClock('2024-03-03T08:00:00Z');
  git(dir, 'revert', '--no-edit', '-m', '1', 'HEAD');
  return dir;
}

describe('time travel', () => {
  it('answers what was in production on a date, across a promotion and a rollback', async () => {
    const dir = lifecycle();
    const at = async (date: string) =>
      JSON.parse((await runCli(dir, ['resolve', 'fraud@production', '--json', '--at', date])).stdout).version;
    expect(await at('2024-01-15')).toBe('1.0.0');
    // The PR's commit is dated 2024-02-10 but landed with the merge on 2024-02-12.
    expect(await at('2024-02-11')).toBe('1.0.0');
    expect(await at('2024-02-20')).toBe('1.1.0');
    expect(await at('2024-03-03T08:30:00Z')).toBe('1.0.0');
    const show = JSON.parse((await runCli(dir, ['show', 'fraud@production', '--at', '2024-02-20', '--json'])).stdout);
    expect(show).toMatchObject({ model: 'fraud', version: '1.1.0', stage: 'production' });
  });

  it('explains a date before the registry existed and a malformed date', async () => {
    const dir = lifecycle();
    const before = await runCli(dir, ['resolve', 'fraud@production', '--at', '2023-12-31']);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('did not exist yet');
    const bad = await runCli(dir, ['resolve', 'fraud@production', '--at', '2024-13-45']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a date');
  });
});

describe('history and audit', () => {
  it('lists every change with its type, author, PR and landing time', async () => {
    const dir = lifecycle();
    const events = JSON.parse((await runCli(dir, ['history', 'fraud', '--format', 'json'])).stdout) as Record<
      string,
      unknown
    >[];
    const summary = events.map((e) =>
      `${e.date} ${e.version ?? '-'} ${e.type} ${e.from ?? ''}→${e.to ?? ''} ${e.pr ?? ''}`.trim(),
    );
    expect(summary).toEqual([
      '2024-03-03T08:00:00Z 1.0.0 rollback archived→production',
      '2024-03-03T08:00:00Z 1.1.0 rollback production→staging',
      '2024-02-12T16:00:00Z 1.0.0 demote production→archived 7',
      '2024-02-12T16:00:00Z 1.1.0 promote staging→production 7',
      '2024-02-01T10:00:00Z 1.1.0 register →staging',
      '2024-01-05T09:02:00Z 1.0.0 promote staging→production',
      '2024-01-05T09:01:00Z 1.0.0 promote development→staging',
      '2024-01-05T09:00:00Z - register →',
      '2024-01-05T09:00:00Z 1.0.0 register →development',
    ]);
    expect(events[2]).toMatchObject({ authored: '2024-02-10T10:00:00Z', author: 'Test User <test@example.com>' });
  });

  it('filters by stage and dates, and renders csv and md', async () => {
    const dir = lifecycle();
    const february = JSON.parse(
      (
        await runCli(dir, [
          'history',
          '--stage',
          'production',
          '--since',
          '2024-02-01',
          '--until',
          '2024-02-28',
          '--format',
          'json',
        ])
      ).stdout,
    );
    expect(february.map((e: { version: string; type: string }) => `${e.version} ${e.type}`)).toEqual([
      '1.0.0 demote',
      '1.1.0 promote',
    ]);
    const csv = (await runCli(dir, ['history', 'fraud', '--format', 'csv'])).stdout.split('\n');
    expect(csv[0]).toBe('date,model,version,type,from,to,author,pr,commit');
    expect(csv[3]).toMatch(
      /^2024-02-12T16:00:00Z,fraud,1\.0\.0,demote,production,archived,Test User <test@example\.com>,7,[0-9a-f]{40}$/,
    );
    const md = (await runCli(dir, ['history', 'fraud', '--format', 'md'])).stdout;
    expect(md).toContain(
      '| 2024-02-12T16:00:00Z | fraud | 1.1.0 | promote staging → production | Test User &lt;test@example.com&gt; | #7 |',
    );
    const unknown = await runCli(dir, ['history', 'churn']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('model "churn" does not exist');
    const stage = await runCli(dir, ['history', '--stage', 'prod']);
    expect(stage.code).toBe(2);
    expect(stage.stderr).toContain('Stages of this registry: development, staging, production, archived');
    const name = await runCli(dir, ['history', '../fraud']);
    expect(name.code).toBe(2);
    expect(name.stderr).toContain('is not a valid model name');
    const since = await runCli(dir, ['history', '--since', 'last week']);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since "last week" is not a date');
  });

  it('produces an audit report of governed stage changes', async () => {
    const dir = lifecycle();
    const md = (await runCli(dir, ['audit', '--since', '2024-02-01'], new Date('2024-04-01T00:00:00Z'))).stdout;
    expect(md).toContain('# Model registry audit report: models');
    expect(md).toContain('- Period: 2024-02-01 to now');
    expect(md).toContain('- Governed stages: staging (1 approval); production (exclusive, 2 approvals)');
    // One revert moved two versions: one rollback.
    expect(md).toContain('| fraud | 5 | 2 | 1 | 1 | `alice`, `@acme/ml` |');
    expect(md).toContain(
      '| 2024-02-12T16:00:00Z | 1.1.0 | promote staging → production | Test User &lt;test@example.com&gt; | 2024-02-10T10:00:00Z | #7 |',
    );
    expect(md).toContain('| 2024-03-03T08:00:00Z | 1.0.0 | rollback archived → production |');
    const rows = JSON.parse((await runCli(dir, ['audit', '--format', 'json'])).stdout);
    expect(rows.map((r: { version: string; type: string }) => `${r.version} ${r.type}`)).toEqual([
      '1.0.0 promote',
      '1.0.0 promote',
      '1.1.0 register',
      '1.1.0 promote',
      '1.0.0 demote',
      '1.1.0 rollback',
      '1.0.0 rollback',
    ]);
    expect((await runCli(dir, ['audit', '--format', 'csv'])).stdout.split('\n')[0]).toBe(
      'model,version,type,from,to,effective,authored,author,pr,commit,landedBy,emergency,guardrail',
    );
  });
});

describe('lineage and compare', () => {
  it('shows parents, children, data and the stages held over time', async () => {
    const dir = lifecycle();
    const lineage = JSON.parse((await runCli(dir, ['lineage', 'fraud@1.1.0', '--format', 'json'])).stdout);
    expect(lineage).toMatchObject({
      ancestors: [{ version: '1.0.0', stage: 'production' }],
      children: [],
      data: [{ uri: 's3://data/tx/2024-01/' }],
    });
    expect(lineage.stages).toEqual([
      { stage: 'staging', since: '2024-02-01T10:00:00Z', until: '2024-02-12T16:00:00Z', commit: expect.any(String) },
      { stage: 'production', since: '2024-02-12T16:00:00Z', until: '2024-03-03T08:00:00Z', commit: expect.any(String) },
      { stage: 'staging', since: '2024-03-03T08:00:00Z', until: null, commit: expect.any(String) },
    ]);
    const parent = JSON.parse((await runCli(dir, ['lineage', 'fraud@production', '--format', 'json'])).stdout);
    expect(parent.children).toEqual([{ version: '1.1.0', stage: 'staging' }]);
    const mermaid = (await runCli(dir, ['lineage', 'fraud@1.1.0', '--format', 'mermaid'])).stdout;
    expect(mermaid.split('\n')).toEqual(
      expect.arrayContaining(['graph LR', '  v_1_0_0 --> v_1_1_0', '  data_0 -.-> v_1_1_0']),
    );
    expect((await runCli(dir, ['lineage', 'fraud@1.1.0', '--format', 'dot'])).stdout).toContain('v_1_0_0 -> v_1_1_0;');
    const uses = JSON.parse(
      (await runCli(dir, ['lineage', '--uses', 's3://data/tx/2024-01', '--format', 'json'])).stdout,
    );
    expect(uses).toEqual([{ model: 'fraud', version: '1.1.0', stage: 'staging' }]);
    expect((await runCli(dir, ['lineage'])).code).toBe(2);
  });

  it('compares metrics by goal, params, artifacts, and the gate of the stage v1 holds', async () => {
    const dir = lifecycle();
    const c = JSON.parse((await runCli(dir, ['compare', 'fraud', '1.0.0', '1.1.0', '--json'])).stdout);
    expect(c.metrics).toEqual([
      { name: 'auc', a: 0.9, b: 0.93, delta: 0.03, goal: 'maximize', verdict: 'better' },
      { name: 'latency_ms', a: 30, b: 35, delta: 5, goal: 'minimize', verdict: 'worse' },
    ]);
    expect(c.params).toEqual([{ name: 'depth', a: null, b: 8 }]);
    expect(c.artifacts[0]).toMatchObject({ role: 'model', sameContent: true });
    expect(c.gate).toEqual({ stage: 'production', passes: true, findings: [] });
    const text = (await runCli(dir, ['compare', 'fraud', '1.0.0', '1.1.0'])).stdout;
    expect(text).toContain('auc         0.9    0.93   +0.03  ▲ better (maximize)');
    expect(text).toContain('gate of production: 1.1.0 passes');
  });
});
