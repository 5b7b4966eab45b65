/**
 * Immutability, stages, rollbacks and model files, judged in memory (memory-registry.ts); a native
 * git revert and one agreement check go through real commits.
 */
import { describe, expect, it } from 'vitest';
import { Registry } from '../src/registry/registry.js';
import { DIGEST_B, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { validateInMemory, validateLastCommit } from './helpers/memory-registry.js';
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
    const report = await validateInMemory(base, {
      [v100]: versionYaml('1.0.0', { digest: DIGEST_B, metrics: { auc: 0.9 } }),
    });
    expect(summarize(report)).toEqual([`IMMUTABLE_FIELD ${v100}:8:13`]);
    expect(report.findings[0]!.message).toContain('artifacts.model.digest');
  });

  it('refuses a changed metric value and a removed metric', async () => {
    const changed = await validateInMemory(base, { [v100]: versionYaml('1.0.0', { metrics: { auc: 0.95 } }) });
    expect(summarize(changed)).toEqual([`IMMUTABLE_METRIC ${v100}:10:8`]);
    const removed = await validateInMemory(base, { [v100]: versionYaml('1.0.0') });
    expect(summarize(removed)).toEqual([`METRIC_REMOVED ${v100}:1:1`]);
  });

  it('accepts new metrics, a description and tags on a registered version', async () => {
    const text = versionYaml('1.0.0', {
      metrics: { auc: 0.9, auc_2026q4: 0.88 },
      extra: 'description: re-evaluated\ntags: [q4]\n',
    });
    const report = await validateInMemory(base, { [v100]: text });
    expect(summarize(report)).toEqual([]);
  });

  it('refuses changed params, signature and lineage', async () => {
    const withFacts = (lr: number) =>
      versionYaml('1.0.0', {
        metrics: { auc: 0.9 },
        extra: `params:\n  lr: ${lr}\n`,
      });
    const report = await validateInMemory({ ...base, [v100]: withFacts(0.1) }, { [v100]: withFacts(0.2) });
    expect(summarize(report)).toEqual([`IMMUTABLE_FIELD ${v100}:12:7`]);
  });

  it('refuses to delete a version file', async () => {
    const report = await validateInMemory(base, { [v100]: null });
    expect(summarize(report)).toEqual([`VERSION_DELETED ${v100}:1:1`]);
    expect(report.findings[0]!.hint).toContain('deprecate');
  });
});

describe('stages', () => {
  it('lets a new version in only through an initial stage', async () => {
    const refused = await validateInMemory(base, { [v110]: versionYaml('1.1.0', { stage: 'staging' }) });
    expect(summarize(refused)).toEqual([`STAGE_NOT_INITIAL ${v110}:2:8`]);
    const accepted = await validateInMemory(base, { [v110]: versionYaml('1.1.0') });
    expect(summarize(accepted)).toEqual([]);
  });

  it('follows the transition graph', async () => {
    const refused = await validateInMemory(base, {
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    });
    expect(summarize(refused)).toEqual([`STAGE_TRANSITION_NOT_ALLOWED ${v100}:2:8`]);
    expect(refused.findings[0]!.hint).toBe('From development a version may move to: staging, archived.');
    const accepted = await validateInMemory(base, {
      [v100]: versionYaml('1.0.0', { stage: 'staging', metrics: { auc: 0.9 } }),
    });
    expect(summarize(accepted)).toEqual([]);
  });

  it('refuses a stage the policy does not declare', async () => {
    const report = await validateInMemory(base, { [v110]: versionYaml('1.1.0', { stage: 'canary' }) });
    expect(summarize(report)).toEqual([`UNKNOWN_STAGE ${v110}:2:8`]);
    expect(report.findings[0]!.hint).toBe('Use one of: development, staging, production, archived.');
  });

  it('allows one holder of an exclusive stage', async () => {
    const start = {
      ...base,
      [v110]: versionYaml('1.1.0', { stage: 'staging' }),
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    };
    const conflict = await validateInMemory(start, { [v110]: versionYaml('1.1.0', { stage: 'production' }) });
    expect(summarize(conflict)).toEqual([
      `EXCLUSIVE_STAGE_CONFLICT ${v100}:2:8`,
      `EXCLUSIVE_STAGE_CONFLICT ${v110}:2:8`,
    ]);
    expect(conflict.findings[1]!.hint).toContain('Move 1.0.0 to archived');
    const promotion = await validateInMemory(start, {
      [v110]: versionYaml('1.1.0', { stage: 'production' }),
      [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
    });
    expect(summarize(promotion)).toEqual([]);
  });
});

describe('rollback: restoring earlier stage assignments', () => {
  /** 1.0.0 in production, 1.1.0 in staging. */
  const beforePromotion = {
    'registry.yaml': templatePolicy(),
    ...base,
    [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    [v110]: versionYaml('1.1.0', { stage: 'staging' }),
  };
  /** 1.1.0 promoted over 1.0.0 (1.0.0 archived). */
  const promotion = {
    [v110]: versionYaml('1.1.0', { stage: 'production' }),
    [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
  };
  const revert = {
    [v110]: versionYaml('1.1.0', { stage: 'staging' }),
    [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
  };

  it('accepts a revert of a promotion although archived → production is not a transition', async () => {
    const report = await validateLastCommit(beforePromotion, promotion, revert);
    expect(summarize(report)).toEqual([]);
    expect(report.findings.map((f) => f.code)).toEqual(['ROLLBACK']);
    expect(report.ok).toBe(true);
  });

  it('refuses the same forbidden transition when it restores no earlier state', async () => {
    const report = await validateLastCommit(beforePromotion, promotion, {
      [v110]: versionYaml('1.1.0', { stage: 'archived' }),
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    });
    expect(summarize(report)).toEqual([`STAGE_TRANSITION_NOT_ALLOWED ${v100}:2:8`]);
  });

  it('accepts a native git revert of a promotion, its history read from real commits', async () => {
    const dir = createRepo(beforePromotion);
    commit(dir, promotion, 'promote 1.1.0');
    git(dir, 'revert', '--no-edit', 'HEAD');
    const report = await (await Registry.open(dir)).validate({ base: 'HEAD~1', head: 'HEAD' });
    expect(summarize(report)).toEqual([]);
    expect(report.findings.map((f) => f.code)).toEqual(['ROLLBACK']);
    expect(report.ok).toBe(true);
  });
});

describe('model files', () => {
  it('requires model.yaml for a model with versions', async () => {
    const report = await validateInMemory({}, { [versionPath('churn', '1.0.0')]: versionYaml('1.0.0') });
    expect(summarize(report)).toEqual(['MODEL_FILE_MISSING models/churn/model.yaml:1:1']);
  });

  it('refuses acceptance criteria for an undeclared stage', async () => {
    const text = modelYaml('fraud', 'acceptance:\n  prod:\n    metrics:\n      auc: {min: 0.8}\n');
    const report = await validateInMemory(base, { 'models/fraud/model.yaml': text });
    expect(summarize(report)).toEqual(['UNKNOWN_STAGE models/fraud/model.yaml:4:3']);
  });

  it('refuses a gate no version can pass', async () => {
    const text = modelYaml(
      'fraud',
      'metrics:\n  auc: {goal: maximize}\nacceptance:\n  production:\n    metrics:\n      auc: {min: 0.9, max: 0.8}\n',
    );
    const report = await validateInMemory(base, { 'models/fraud/model.yaml': text });
    expect(summarize(report)).toEqual(['GATE_IMPOSSIBLE models/fraud/model.yaml:8:7']);
  });
});

describe('through real commits', () => {
  it('gives the in-memory findings, messages and hints included', async () => {
    const start = { ...base, [v110]: versionYaml('1.1.0', { stage: 'staging' }) };
    const change = {
      [v100]: versionYaml('1.0.0', { stage: 'production', digest: DIGEST_B, metrics: { auc: 0.95 } }),
      [v110]: versionYaml('1.1.0', { stage: 'canary' }),
      [versionPath('fraud', '1.2.0')]: versionYaml('1.2.0', { stage: 'staging' }),
    };
    const real = await validateChangeBetween(start, change);
    expect(summarize(real)).toEqual([
      `STAGE_TRANSITION_NOT_ALLOWED ${v100}:2:8`,
      `IMMUTABLE_FIELD ${v100}:8:13`,
      `IMMUTABLE_METRIC ${v100}:10:8`,
      `UNKNOWN_STAGE ${v110}:2:8`,
      `STAGE_NOT_INITIAL ${versionPath('fraud', '1.2.0')}:2:8`,
    ]);
    expect(real.findings).toEqual((await validateInMemory(start, change)).findings);
  });
});
