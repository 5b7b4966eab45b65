import { describe, expect, it } from 'vitest';
import { Registry } from '../src/registry/registry.js';
import { DIGEST_B, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { summarize, validateChangeBetween } from './helpers/scenario.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');
const base = {
  'models/fraud/model.yaml': modelYaml('fraud'),
  [v100]: versionYaml('1.0.0', { metrics: { auc: 0.9 } }),
};

describe('immutability', () => {
  it('refuses a changed artifact digest, at the digest', async () => {
    const report = await validateChangeBetween(base, {
      [v100]: versionYaml('1.0.0', { digest: DIGEST_B, metrics: { auc: 0.9 } }),
    });
    expect(summarize(report)).toEqual([`IMMUTABLE_FIELD ${v100}:8:13`]);
    expect(report.findings[0]!.message).toContain('artifacts.model.digest');
  });

  it('refuses a changed metric value and a removed metric', async () => {
    const changed = await validateChangeBetween(base, { [v100]: versionYaml('1.0.0', { metrics: { auc: 0.95 } }) });
    expect(summarize(changed)).toEqual([`IMMUTABLE_METRIC ${v100}:10:8`]);
    const removed = await validateChangeBetween(base, { [v100]: versionYaml('1.0.0') });
    expect(summarize(removed)).toEqual([`METRIC_REMOVED ${v100}:1:1`]);
  });

  it('accepts new metrics, a description and tags on a registered version', async () => {
    const text = versionYaml('1.0.0', {
      metrics: { auc: 0.9, auc_2026q4: 0.88 },
      extra: 'description: re-evaluated\ntags: [q4]\n',
    });
    const report = await validateChangeBetween(base, { [v100]: text });
    expect(summarize(report)).toEqual([]);
  });

  it('refuses changed params, signature and lineage', async () => {
    const withFacts = (lr: number) =>
      versionYaml('1.0.0', {
        metrics: { auc: 0.9 },
        extra: `params:\n  lr: ${lr}\n`,
      });
    const report = await validateChangeBetween({ ...base, [v100]: withFacts(0.1) }, { [v100]: withFacts(0.2) });
    expect(summarize(report)).toEqual([`IMMUTABLE_FIELD ${v100}:12:7`]);
  });

  it('refuses to delete a version file', async () => {
    const report = await validateChangeBetween(base, { [v100]: null });
    expect(summarize(report)).toEqual([`VERSION_DELETED ${v100}:1:1`]);
    expect(report.findings[0]!.hint).toContain('deprecate');
  });
});

describe('stages', () => {
  it('lets a new version in only through an initial stage', async () => {
    const refused = await validateChangeBetween(base, { [v110]: versionYaml('1.1.0', { stage: 'staging' }) });
    expect(summarize(refused)).toEqual([`STAGE_NOT_INITIAL ${v110}:2:8`]);
    const accepted = await validateChangeBetween(base, { [v110]: versionYaml('1.1.0') });
    expect(summarize(accepted)).toEqual([]);
  });

  it('follows the transition graph', async () => {
    const refused = await validateChangeBetween(base, {
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    });
    expect(summarize(refused)).toEqual([`STAGE_TRANSITION_NOT_ALLOWED ${v100}:2:8`]);
    expect(refused.findings[0]!.hint).toBe('From development a version may move to: staging, archived.');
    const accepted = await validateChangeBetween(base, {
      [v100]: versionYaml('1.0.0', { stage: 'staging', metrics: { auc: 0.9 } }),
    });
    expect(summarize(accepted)).toEqual([]);
  });

  it('refuses a stage the policy does not declare', async () => {
    const report = await validateChangeBetween(base, { [v110]: versionYaml('1.1.0', { stage: 'canary' }) });
    expect(summarize(report)).toEqual([`UNKNOWN_STAGE ${v110}:2:8`]);
    expect(report.findings[0]!.hint).toBe('Use one of: development, staging, production, archived.');
  });

  it('allows one holder of an exclusive stage', async () => {
    const start = {
      ...base,
      [v110]: versionYaml('1.1.0', { stage: 'staging' }),
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    };
    const conflict = await validateChangeBetween(start, { [v110]: versionYaml('1.1.0', { stage: 'production' }) });
    expect(summarize(conflict)).toEqual([
      `EXCLUSIVE_STAGE_CONFLICT ${v100}:2:8`,
      `EXCLUSIVE_STAGE_CONFLICT ${v110}:2:8`,
    ]);
    expect(conflict.findings[1]!.hint).toContain('Move 1.0.0 to archived');
    const promotion = await validateChangeBetween(start, {
      [v110]: versionYaml('1.1.0', { stage: 'production' }),
      [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
    });
    expect(summarize(promotion)).toEqual([]);
  });
});

describe('rollback: restoring earlier stage assignments', () => {
  /** 1.0.0 in production, 1.1.0 promoted over it (1.0.0 archived). */
  function promotedHistory(): string {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      ...base,
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
      [v110]: versionYaml('1.1.0', { stage: 'staging' }),
    });
    commit(
      dir,
      {
        [v110]: versionYaml('1.1.0', { stage: 'production' }),
        [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
      },
      'promote 1.1.0',
    );
    return dir;
  }

  it('accepts a native git revert of a promotion although archived → production is not a transition', async () => {
    const dir = promotedHistory();
    git(dir, 'revert', '--no-edit', 'HEAD');
    const report = await (await Registry.open(dir)).validate({ base: 'HEAD~1', head: 'HEAD' });
    expect(summarize(report)).toEqual([]);
    expect(report.findings.map((f) => f.code)).toEqual(['ROLLBACK']);
    expect(report.ok).toBe(true);
  });

  it('refuses the same forbidden transition when it restores no earlier state', async () => {
    const dir = promotedHistory();
    commit(dir, {
      [v110]: versionYaml('1.1.0', { stage: 'archived' }),
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    });
    const report = await (await Registry.open(dir)).validate({ base: 'HEAD~1', head: 'HEAD' });
    expect(summarize(report)).toEqual([`STAGE_TRANSITION_NOT_ALLOWED ${v100}:2:8`]);
  });
});

describe('model files', () => {
  it('requires model.yaml for a model with versions', async () => {
    const report = await validateChangeBetween({}, { [versionPath('churn', '1.0.0')]: versionYaml('1.0.0') });
    expect(summarize(report)).toEqual(['MODEL_FILE_MISSING models/churn/model.yaml:1:1']);
  });

  it('refuses acceptance criteria for an undeclared stage', async () => {
    const text = modelYaml('fraud', 'acceptance:\n  prod:\n    metrics:\n      auc: {min: 0.8}\n');
    const report = await validateChangeBetween(base, { 'models/fraud/model.yaml': text });
    expect(summarize(report)).toEqual(['UNKNOWN_STAGE models/fraud/model.yaml:4:3']);
  });

  it('refuses a gate no version can pass', async () => {
    const text = modelYaml(
      'fraud',
      'metrics:\n  auc: {goal: maximize}\nacceptance:\n  production:\n    metrics:\n      auc: {min: 0.9, max: 0.8}\n',
    );
    const report = await validateChangeBetween(base, { 'models/fraud/model.yaml': text });
    expect(summarize(report)).toEqual(['GATE_IMPOSSIBLE models/fraud/model.yaml:8:7']);
  });
});
