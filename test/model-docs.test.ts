import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');

describe('modelreg docs: a living page per model', () => {
  it('writes each model README with holders, versions, the rollback plan and a lineage graph, and --check keeps it current', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud', 'description: Card fraud\nmetrics:\n  auc: {goal: maximize}\n'),
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
      [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.93 }, extra: 'lineage:\n  parent: 1.0.0\n' }),
    });
    const promotion = commit(dir, {
      [v110]: versionYaml('1.1.0', {
        stage: 'production',
        metrics: { auc: 0.93 },
        extra: 'lineage:\n  parent: 1.0.0\n',
      }),
      [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
    });
    expect((await runCli(dir, ['docs', '--check'])).code).toBe(1);
    const write = await runCli(dir, ['docs']);
    expect(write.stdout).toContain('wrote models/fraud/README.md');
    const page = readFileSync(join(dir, 'models/fraud/README.md'), 'utf8');
    expect(page).toContain('| production (exclusive) | 1.1.0 |');
    expect(page).toContain('| 1.1.0 | production | 2026-01-01 | alice@example.com | 0.93 |  |');
    expect(page).toContain('- **production**: 1.1.0 → 1.0.0, reverting the latest change of its holders:');
    // No commit id: a page committed with the change it describes cannot name that commit.
    expect(page).not.toContain(promotion.slice(0, 7));
    expect(page).toContain('  modelreg rollback fraud --stage production --pr');
    expect(page).toContain('  v_1_0_0 --> v_1_1_0');
    expect((await runCli(dir, ['docs', '--check'])).code).toBe(0);
    // The page lives inside the model's directory, which the contract allows.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'docs');
    expect((await runCli(dir, ['validate', '--base', 'HEAD~1', '--head', 'HEAD'])).code).toBe(0);
    commit(dir, {
      [v110]: versionYaml('1.1.0', {
        stage: 'production',
        metrics: { auc: 0.93, f1: 0.7 },
        extra: 'lineage:\n  parent: 1.0.0\n',
      }),
    });
    const stale = await runCli(dir, ['docs', '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('models/fraud/README.md:1:1: error DOCS_OUT_OF_DATE');
  });
});

describe('modelreg docs: a split stage', () => {
  /** The template with production split instead of exclusive, without ramp rules. */
  const splitPolicy = () =>
    templatePolicy().replace('    exclusive: true\n    approvals: 2\n', '    split: true\n    approvals: 2\n');
  /** A version in `stage` with a weight line right after the stage line. */
  const weighted = (version: string, stage: string, weight: number) =>
    versionYaml(version, { stage }).replace(`stage: ${stage}\n`, `stage: ${stage}\nweight: ${weight}\n`);

  it('shows each holder with its weight, and the rollback plan is what `modelreg rollback` then does', async () => {
    const dir = createRepo({
      'registry.yaml': splitPolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [v100]: versionYaml('1.0.0', { stage: 'production' }),
      [v110]: versionYaml('1.1.0', { stage: 'staging' }),
      'models/churn/model.yaml': modelYaml('churn'),
      [versionPath('churn', '0.1.0')]: versionYaml('0.1.0'),
    });
    expect((await runCli(dir, ['docs'])).code).toBe(0);
    expect(readFileSync(join(dir, 'models/fraud/README.md'), 'utf8')).toContain(
      '- **production** (split: 1.0.0 100%): nothing to roll back to; its holders never changed.',
    );
    expect(readFileSync(join(dir, 'models/churn/README.md'), 'utf8')).toContain(
      '## Rollback plan\n\nNo exclusive or split stage is held.\n',
    );
    // A canary committed by hand, not by modelreg: the page reads the history as rollback does.
    commit(dir, { [v100]: weighted('1.0.0', 'production', 90), [v110]: weighted('1.1.0', 'production', 10) });
    commit(dir, { [v100]: weighted('1.0.0', 'production', 50), [v110]: weighted('1.1.0', 'production', 50) });
    expect((await runCli(dir, ['docs'])).code).toBe(0);
    const page = readFileSync(join(dir, 'models/fraud/README.md'), 'utf8');
    expect(page).toContain('| production (split) | 1.0.0 50%, 1.1.0 50% |');
    expect(page).toContain(
      '- **production** (split): 1.0.0 50%, 1.1.0 50% → 1.0.0 90%, 1.1.0 10%, reverting the latest ramp step:',
    );
    expect(page).toContain('  modelreg rollback fraud --stage production --pr');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'docs');

    const rolledBack = await runCli(dir, ['rollback', 'fraud', '--stage', 'production', '--here']);
    expect(rolledBack.stderr).toBe('');
    expect(rolledBack.code).toBe(0);
    expect(readFileSync(join(dir, v100), 'utf8')).toBe(weighted('1.0.0', 'production', 90));
    expect(readFileSync(join(dir, v110), 'utf8')).toBe(weighted('1.1.0', 'production', 10));
    expect(readFileSync(join(dir, 'models/fraud/README.md'), 'utf8')).toContain(
      '| production (split) | 1.0.0 90%, 1.1.0 10% |',
    );
    expect((await runCli(dir, ['docs', '--check'])).code).toBe(0);
  });
});
