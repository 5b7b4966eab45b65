/**
 * Gates, artifacts, lineage, signatures and extensions, judged in memory (memory-registry.ts);
 * a native git revert and one agreement check go through real commits.
 */
import { describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { validateInMemory, validateLastCommit } from './helpers/memory-registry.js';
import { summarize, validateChangeBetween } from './helpers/scenario.js';
import { Registry } from '../src/registry/registry.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');
const v120 = versionPath('fraud', '1.2.0');
const v200 = versionPath('fraud', '2.0.0');

const gatedModel = modelYaml(
  'fraud',
  [
    'metrics:',
    '  auc: {goal: maximize}',
    '  latency_ms: {goal: minimize, unit: ms}',
    'artifacts:',
    '  required: [model]',
    'acceptance:',
    '  production:',
    '    metrics:',
    '      auc: {min: 0.85, max_drop: 0.01}',
    '      latency_ms: {max: 50, max_drop: 5}',
    '    require: [description]',
    '',
  ].join('\n'),
);

const signature = (inputs: string) =>
  `signature:\n  inputs:\n${inputs}  outputs:\n    - {name: score, type: float32}\n`;

/** 1.0.0 holds production with auc 0.95; 1.1.0 waits in staging with the given metrics. */
function promotion(metrics: Record<string, number>, extra = 'description: candidate\n', model = gatedModel) {
  const base = {
    'models/fraud/model.yaml': model,
    [v100]: versionYaml('1.0.0', {
      stage: 'production',
      metrics: { auc: 0.95, latency_ms: 20 },
      extra: 'description: current\n',
    }),
    [v110]: versionYaml('1.1.0', { stage: 'staging', metrics, extra }),
  };
  const change = {
    [v110]: versionYaml('1.1.0', { stage: 'production', metrics, extra }),
    [v100]: versionYaml('1.0.0', {
      stage: 'archived',
      metrics: { auc: 0.95, latency_ms: 20 },
      extra: 'description: current\n',
    }),
  };
  return validateInMemory(base, change);
}

/** 1.0.0 (auc 0.9) in production, 1.1.0 (auc 0.95) in staging. */
const rollbackBase = {
  'models/fraud/model.yaml': gatedModel,
  [v100]: versionYaml('1.0.0', {
    stage: 'production',
    metrics: { auc: 0.9, latency_ms: 20 },
    extra: 'description: a\n',
  }),
  [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.95, latency_ms: 20 }, extra: 'description: b\n' }),
};
/** 1.0.0 back to staging, 1.1.0 into production. */
const rollbackPromotion = {
  [v100]: versionYaml('1.0.0', { stage: 'staging', metrics: { auc: 0.9, latency_ms: 20 }, extra: 'description: a\n' }),
  [v110]: versionYaml('1.1.0', {
    stage: 'production',
    metrics: { auc: 0.95, latency_ms: 20 },
    extra: 'description: b\n',
  }),
};

describe('acceptance gates', () => {
  it('passes a version that meets every criterion', async () => {
    const report = await promotion({ auc: 0.945, latency_ms: 22 });
    expect(summarize(report)).toEqual([]);
  });

  it('refuses a metric under its floor, at the metric', async () => {
    const report = await promotion({ auc: 0.8, latency_ms: 22 });
    expect(summarize(report)).toEqual([`GATE_METRIC_BELOW_MIN ${v110}:10:8`, `GATE_METRIC_DROP ${v110}:10:8`]);
  });

  it('refuses a metric over its ceiling', async () => {
    const report = await promotion({ auc: 0.95, latency_ms: 60 });
    expect(summarize(report)).toEqual([`GATE_METRIC_ABOVE_MAX ${v110}:11:15`, `GATE_METRIC_DROP ${v110}:11:15`]);
  });

  it('measures max_drop against the current holder, by the metric goal', async () => {
    const report = await promotion({ auc: 0.9, latency_ms: 26 });
    expect(summarize(report)).toEqual([`GATE_METRIC_DROP ${v110}:10:8`, `GATE_METRIC_DROP ${v110}:11:15`]);
    expect(report.findings[0]!.message).toContain('0.05 worse than 1.0.0 (0.95)');
    expect(report.findings[1]!.message).toContain('goal: minimize');
  });

  it('refuses a missing gated metric and a missing required field', async () => {
    const report = await promotion({ auc: 0.95 }, '');
    expect(summarize(report)).toEqual([`GATE_REQUIRED_FIELD ${v110}:2:8`, `GATE_METRIC_MISSING ${v110}:9:1`]);
  });

  it('does not hold a rollback to max_drop against the version being rolled back', async () => {
    // 1.0.0 goes back to staging (an allowed transition), 1.1.0 takes production; then that change is undone.
    const rollback = await validateLastCommit(
      { 'registry.yaml': templatePolicy(), ...rollbackBase },
      rollbackPromotion,
      rollbackBase,
    );
    expect(summarize(rollback)).toEqual([]);
    // The same change that restores no earlier state is a promotion, and max_drop applies.
    const fresh = await validateInMemory({ ...rollbackBase, ...rollbackPromotion }, rollbackBase);
    expect(summarize(fresh)).toEqual([`GATE_METRIC_DROP ${v100}:10:8`]);
  });

  it('judges by the base model.yaml when the change lowers the gate in the same change', async () => {
    const lowered = gatedModel.replace('min: 0.85', 'min: 0.5').replace('max_drop: 0.01', 'max_drop: 1');
    const base = {
      'models/fraud/model.yaml': gatedModel,
      [v110]: versionYaml('1.1.0', {
        stage: 'staging',
        metrics: { auc: 0.6, latency_ms: 20 },
        extra: 'description: x\n',
      }),
    };
    const report = await validateInMemory(base, {
      'models/fraud/model.yaml': lowered,
      [v110]: versionYaml('1.1.0', {
        stage: 'production',
        metrics: { auc: 0.6, latency_ms: 20 },
        extra: 'description: x\n',
      }),
    });
    expect(summarize(report)).toEqual([`GATE_METRIC_BELOW_MIN ${v110}:10:8`]);
  });
});

describe('artifacts', () => {
  const base = { 'models/fraud/model.yaml': gatedModel, [v100]: versionYaml('1.0.0') };

  it('requires the roles model.yaml lists', async () => {
    const text = versionYaml('1.1.0').replace('  model:\n', '  weights:\n');
    const report = await validateInMemory(base, { [v110]: text });
    expect(summarize(report)).toEqual([`ARTIFACT_ROLE_MISSING ${v110}:5:1`]);
  });

  it('allows only the URI schemes registry.yaml lists', async () => {
    const text = versionYaml('1.1.0').replace('s3://models', 'ftp://models');
    const report = await validateInMemory(base, { [v110]: text });
    expect(summarize(report)).toEqual([`ARTIFACT_SCHEME_NOT_ALLOWED ${v110}:7:10`]);
    expect(report.findings[0]!.hint).toContain('s3, gs');
  });
});

describe('lineage', () => {
  const base = { 'models/fraud/model.yaml': modelYaml('fraud'), [v100]: versionYaml('1.0.0') };

  it('requires lineage.parent to be a registered version', async () => {
    const missing = await validateInMemory(base, {
      [v110]: versionYaml('1.1.0', { extra: 'lineage:\n  parent: 0.9.0\n' }),
    });
    expect(summarize(missing)).toEqual([`LINEAGE_PARENT_MISSING ${v110}:10:11`]);
    const present = await validateInMemory(base, {
      [v110]: versionYaml('1.1.0', { extra: 'lineage:\n  parent: 1.0.0\n' }),
    });
    expect(summarize(present)).toEqual([]);
  });
});

describe('signature compatibility', () => {
  const base = {
    'models/fraud/model.yaml': modelYaml('fraud'),
    [v100]: versionYaml('1.0.0', {
      extra: signature('    - {name: amount, type: float32}\n    - {name: country, type: string}\n'),
    }),
  };

  it('requires a major bump when an input is removed or retyped', async () => {
    const text = versionYaml('1.1.0', { extra: signature('    - {name: amount, type: float64}\n') });
    const report = await validateInMemory(base, { [v110]: text });
    expect(summarize(report)).toEqual([`SIGNATURE_BREAKING_CHANGE ${v110}:10:3`]);
    expect(report.findings[0]!.message).toContain('input "amount" changed type float32 → float64');
    expect(report.findings[0]!.message).toContain('input "country" removed');
    expect(report.findings[0]!.hint).toContain('2.0.0');
    const major = await validateInMemory(base, {
      [v200]: versionYaml('2.0.0', { extra: signature('    - {name: amount, type: float64}\n') }),
    });
    expect(summarize(major)).toEqual([]);
  });

  it('treats a new required input as breaking and a new optional one as compatible', async () => {
    const inputs = '    - {name: amount, type: float32}\n    - {name: country, type: string}\n';
    const required = await validateInMemory(base, {
      [v110]: versionYaml('1.1.0', { extra: signature(`${inputs}    - {name: device, type: string}\n`) }),
    });
    expect(summarize(required)).toEqual([`SIGNATURE_BREAKING_CHANGE ${v110}:10:3`]);
    const optional = await validateInMemory(base, {
      [v110]: versionYaml('1.1.0', {
        extra: signature(`${inputs}    - {name: device, type: string, optional: true}\n`),
      }),
    });
    expect(summarize(optional)).toEqual([]);
  });
});

describe('extensions', () => {
  const policy = `${templatePolicy()}\nextensions:\n  fairness:\n    schema: extensions/fairness.schema.json\n`;
  const schema = JSON.stringify({
    type: 'object',
    required: ['groups'],
    properties: { groups: { type: 'array', items: { type: 'string' } }, gap: { type: 'number', maximum: 0.1 } },
    additionalProperties: false,
  });
  const base = {
    'extensions/fairness.schema.json': schema,
    'models/fraud/model.yaml': modelYaml('fraud'),
    [v100]: versionYaml('1.0.0'),
  };

  it('validates extension data with the declared JSON Schema, at the offending line', async () => {
    const good = await validateInMemory(
      base,
      { [v110]: versionYaml('1.1.0', { extra: 'extensions:\n  fairness:\n    groups: [a, b]\n    gap: 0.05\n' }) },
      policy,
    );
    expect(summarize(good)).toEqual([]);
    const bad = await validateInMemory(
      base,
      { [v110]: versionYaml('1.1.0', { extra: 'extensions:\n  fairness:\n    groups: [a, 7]\n    gap: 0.5\n' }) },
      policy,
    );
    expect(summarize(bad)).toEqual([`EXTENSION_INVALID ${v110}:11:17`, `EXTENSION_INVALID ${v110}:12:10`]);
  });

  it('names the known extensions when an id is unknown', async () => {
    const report = await validateInMemory(
      base,
      { [v110]: versionYaml('1.1.0', { extra: 'extensions:\n  fairnes:\n    groups: [a]\n' }) },
      policy,
    );
    expect(summarize(report)).toEqual([`EXTENSION_UNKNOWN ${v110}:10:3`]);
    expect(report.findings[0]!.hint).toContain('Known extensions: fairness');
  });

  it('reports an extension whose schema file is missing', async () => {
    const { 'extensions/fairness.schema.json': _, ...withoutSchema } = base;
    const report = await validateInMemory(
      withoutSchema,
      { [v110]: versionYaml('1.1.0', { extra: 'extensions:\n  fairness:\n    groups: [a]\n' }) },
      policy,
    );
    expect(summarize(report)).toEqual([`EXTENSION_SCHEMA_INVALID ${v110}:10:3`]);
  });
});

describe('through real commits', () => {
  it('reads the history of a native git revert, so max_drop does not hold the rollback', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy(), ...rollbackBase });
    const promotion = commit(dir, rollbackPromotion);
    git(dir, 'revert', '--no-edit', promotion);
    const registry = await Registry.open(dir);
    const rollback = await registry.validate({ base: 'HEAD~1', head: 'HEAD' });
    expect(summarize(rollback)).toEqual([]);
  });

  it('gives the in-memory findings, messages and hints included', async () => {
    const base = {
      'models/fraud/model.yaml': gatedModel,
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.95, latency_ms: 20 } }),
      [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.8 } }),
    };
    const change = {
      [v110]: versionYaml('1.1.0', { stage: 'production', metrics: { auc: 0.8 } }),
      [v120]: versionYaml('1.2.0', { extra: 'lineage:\n  parent: 0.9.0\n' }),
      [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.95, latency_ms: 20 } }),
    };
    const real = await validateChangeBetween(base, change);
    expect(summarize(real)).toEqual([
      `GATE_REQUIRED_FIELD ${v110}:2:8`,
      `GATE_METRIC_MISSING ${v110}:9:1`,
      `GATE_METRIC_BELOW_MIN ${v110}:10:8`,
      `GATE_METRIC_DROP ${v110}:10:8`,
      `LINEAGE_PARENT_MISSING ${v120}:10:11`,
    ]);
    expect(real.findings).toEqual((await validateInMemory(base, change)).findings);
  });
});
