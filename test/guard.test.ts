/**
 * `modelreg guard` with observations from a JSON document: verdicts, the exit
 * status, the rollback with its evidence trailers, history and audit showing
 * it, and every bad input refused with nothing written.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGuardrailTrailers } from '../src/domain/commit-trailers.js';
import { UserError } from '../src/domain/errors.js';
import { evaluateGuardrails, rollbackOnBreach } from '../src/guard/guard.js';
import { documentMetricsSource } from '../src/guard/observation-document.js';
import { checkedOutBranch } from '../src/lifecycle/apply-change.js';
import { Registry } from '../src/registry/registry.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { GUARDRAILS, guardedRegistry, HEALTHY, NOW, observations, repositoryState } from './helpers/guard-registry.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';

describe('modelreg guard --input', () => {
  it('prints one verdict per guardrail and exits 0 when none is breached', async () => {
    const dir = await guardedRegistry();
    const before = repositoryState(dir);
    const result = await runCli(dir, ['guard', 'fraud@production', '--input', observations(dir, HEALTHY)], NOW);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'fraud@production is fraud@1.1.0',
      'ok     production error_rate: observed 0.01 over 10m, bound max 0.05',
      'ok     production latency_p95_ms: observed 120 over 5m, bound max 200',
      'ok     production accuracy: observed 0.94 over 10m, bound max_drop 0.1 from registered 0.95 (≥ 0.85)',
      '',
    ]);
    expect(repositoryState(dir)).toBe(before);
  });

  it('exits 1 on a breach and, without --rollback, writes nothing', async () => {
    const dir = await guardedRegistry();
    const before = repositoryState(dir);
    const input = observations(dir, {
      ...HEALTHY,
      error_rate: { value: 0.07, window: '15m' },
      accuracy: { value: 0.8, window: '10m' },
    });
    const result = await runCli(dir, ['guard', 'fraud@production', '--input', input], NOW);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('BREACH production error_rate: observed 0.07 over 10m, bound max 0.05');
    expect(result.stdout).toContain('BREACH production accuracy: observed 0.8 over 10m, bound max_drop 0.1');
    expect(result.stdout).toContain('ok     production latency_p95_ms');
    expect(repositoryState(dir)).toBe(before);
  });

  it('with --rollback commits the rollback of the stage with the evidence as trailers, shown by history and audit', async () => {
    const dir = await guardedRegistry();
    const input = observations(dir, { ...HEALTHY, error_rate: { value: 0.07, window: '10m' } });
    const result = await runCli(dir, ['guard', 'fraud@production', '--input', input, '--rollback', '--here'], NOW);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('rollback(fraud): production 1.1.0 → 1.0.0');
    const message = git(dir, 'log', '-1', '--format=%B');
    expect(message).toContain('Guardrail breached: error_rate observed 0.07 (bound max 0.05) over 10m');
    expect(message).toContain('Modelreg-Action: rollback');
    expect(parseGuardrailTrailers(message)).toEqual([
      {
        stage: 'production',
        metric: 'error_rate',
        observed: 0.07,
        bound: 'max',
        limit: 0.05,
        window: '10m',
        time: '2026-03-01T11:59:00Z',
        source: `json:${input}`,
      },
    ]);
    // git itself reads them as trailers of the commit.
    expect(git(dir, 'log', '-1', '--format=%(trailers:key=Modelreg-Guardrail,valueonly)')).toContain(
      'production error_rate observed=0.07 max=0.05 window=10m',
    );
    expect((await runCli(dir, ['resolve', 'fraud@production'])).stdout).toContain('1.0.0');
    expect((await runCli(dir, ['validate', '--all'])).code).toBe(0);

    const history = JSON.parse((await runCli(dir, ['history', 'fraud', '--format', 'json'])).stdout) as {
      type: string;
      version: string;
      guardrail: { metric: string }[] | null;
    }[];
    expect(history[0]).toMatchObject({ type: 'rollback', guardrail: [{ metric: 'error_rate', observed: 0.07 }] });
    expect(history.filter((e) => e.type === 'promote').every((e) => e.guardrail === null)).toBe(true);
    const table = (await runCli(dir, ['history', 'fraud'])).stdout;
    expect(table).toContain('rollback production → staging (guardrail: error_rate 0.07 > max 0.05 over 10m)');
    expect(table).toContain('rollback archived → production (guardrail: error_rate 0.07 > max 0.05 over 10m)');
    const audit = (await runCli(dir, ['audit'])).stdout;
    expect(audit).toContain('**Guardrail-triggered rollbacks: 1**');
    expect(audit).toContain('## 🛡️ Guardrail-triggered rollbacks');
    expect(audit).toContain(
      'production error_rate observed 0.07 &gt; max 0.05 over 10m at 2026-03-01T11:59:00Z (json:',
    );
    const auditJson = JSON.parse((await runCli(dir, ['audit', '--format', 'json'])).stdout) as {
      type: string;
      guardrail: unknown;
    }[];
    expect(auditJson.filter((r) => r.guardrail !== null).map((r) => r.type)).toEqual(['rollback', 'rollback']);
  });

  it('on a new branch by default, like rollback', async () => {
    const dir = await guardedRegistry();
    const head = git(dir, 'rev-parse', 'HEAD');
    const input = observations(dir, { ...HEALTHY, latency_p95_ms: { value: 450, window: '5m' } });
    const result = await runCli(dir, ['guard', 'fraud@production', '--input', input, '--rollback'], NOW);
    expect(result.code).toBe(1);
    const branch = /committed \w+ on (\S+)/.exec(result.stdout)![1]!;
    expect(branch).toMatch(/^modelreg\/guard-rollback-fraud-production-/);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(parseGuardrailTrailers(git(dir, 'log', '-1', '--format=%B', branch))[0]).toMatchObject({
      metric: 'latency_p95_ms',
      observed: 450,
      window: '5m',
    });
  });

  it('a healthy stage with --rollback changes nothing', async () => {
    const dir = await guardedRegistry();
    const before = repositoryState(dir);
    const result = await runCli(
      dir,
      ['guard', 'fraud@production', '--input', observations(dir, HEALTHY), '--rollback', '--here'],
      NOW,
    );
    expect(result.code).toBe(0);
    expect(repositoryState(dir)).toBe(before);
  });

  describe('refuses what it cannot judge, and writes nothing', () => {
    const cases: [name: string, args: (dir: string) => string[], code: string, text: string][] = [
      [
        'an unknown metric',
        (d) => ['--input', observations(d, { ...HEALTHY, eror_rate: { value: 0.1, window: '10m' } })],
        'GUARD_UNKNOWN_METRIC',
        'Did you mean error_rate?',
      ],
      [
        'a missing metric',
        (d) => ['--input', observations(d, { error_rate: HEALTHY.error_rate, accuracy: HEALTHY.accuracy })],
        'GUARD_NO_DATA',
        'no observation of latency_p95_ms',
      ],
      [
        'a window the data does not cover',
        (d) => ['--input', observations(d, { ...HEALTHY, error_rate: { value: 0.07, window: '2m' } })],
        'GUARD_WINDOW_NOT_COVERED',
        "covers 2m, less than the guardrail's window of 10m",
      ],
      [
        'an observation older than its window',
        (d) => ['--input', observations(d, HEALTHY, '2026-03-01T11:00:00Z')],
        'GUARD_WINDOW_NOT_COVERED',
        "longer ago than the guardrail's window",
      ],
      [
        'a window that is no duration',
        (d) => ['--input', observations(d, { ...HEALTHY, error_rate: { value: 0.07, window: 'ten minutes' } })],
        'GUARD_INPUT_INVALID',
        'metrics.error_rate.window',
      ],
      [
        'a value that is no number',
        (d) => ['--input', observations(d, { ...HEALTHY, error_rate: { value: '0.07', window: '10m' } })],
        'GUARD_INPUT_INVALID',
        'must be a finite number',
      ],
      [
        'a file that is not JSON',
        () => {
          const bad = join(tempDir(), 'bad.json');
          writeFileSync(bad, '{"metrics":');
          return ['--input', bad];
        },
        'GUARD_INPUT_INVALID',
        'not JSON',
      ],
      [
        'a file that does not exist',
        () => ['--input', join(tempDir(), 'missing.json')],
        'GUARD_INPUT_INVALID',
        'cannot read',
      ],
      ['no observations at all', () => [], 'USAGE', 'guard needs observations'],
      [
        'a Prometheus URL with credentials (they would end up in the commit)',
        () => ['--prometheus', 'http://guard:s3cret@127.0.0.1:9/'],
        'USAGE',
        'without credentials, query or fragment',
      ],
      ['a Prometheus URL that is not http(s)', () => ['--prometheus', 'ftp://127.0.0.1/'], 'USAGE', 'http(s) URL'],
      [
        'both sources',
        (d) => ['--input', observations(d, HEALTHY), '--prometheus', 'http://127.0.0.1:9'],
        'USAGE',
        'contradict',
      ],
    ];
    for (const [name, args, code, text] of cases) {
      it(name, async () => {
        const dir = await guardedRegistry();
        const before = repositoryState(dir);
        // With --rollback --here: a refusal must leave even the checked-out branch as it was.
        const result = await runCli(dir, ['guard', 'fraud@production', ...args(dir), '--rollback', '--here'], NOW);
        expect(result.stderr).toContain(`error[${code}]`);
        expect(result.stderr).toContain(text);
        expect(result.stderr).not.toContain('s3cret');
        expect(result.code).toBe(2);
        expect(repositoryState(dir)).toBe(before);
      });
    }

    it('--here without --rollback', async () => {
      const dir = await guardedRegistry();
      const result = await runCli(
        dir,
        ['guard', 'fraud@production', '--input', observations(dir, HEALTHY), '--here'],
        NOW,
      );
      expect(result.stderr).toContain('error[USAGE]: --here, --branch, --pr and --message shape the rollback');
      expect(result.code).toBe(2);
    });

    it('a stage without guardrails, a version reference, max_drop without a registered value', async () => {
      const dir = await guardedRegistry();
      const before = repositoryState(dir);
      const staging = await runCli(dir, ['guard', 'fraud@staging', '--input', observations(dir, HEALTHY)], NOW);
      expect(staging.stderr).toContain('error[GUARD_NO_GUARDRAILS]: registry.yaml declares no guardrails for staging');
      const version = await runCli(dir, ['guard', 'fraud@1.1.0', '--input', observations(dir, HEALTHY)], NOW);
      expect(version.stderr).toContain('error[INVALID_REFERENCE]: guard needs <model>@<stage>');
      expect(repositoryState(dir)).toBe(before);

      const unregistered = await guardedRegistry(
        GUARDRAILS.replace('accuracy: { max_drop: 0.1 }', 'recall: { max_drop: 0.1 }'),
      );
      const input = observations(unregistered, {
        ...HEALTHY,
        accuracy: undefined,
        recall: { value: 0.5, window: '10m' },
      });
      const result = await runCli(unregistered, ['guard', 'fraud@production', '--input', input], NOW);
      expect(result.stderr).toContain('error[GUARD_NO_REGISTERED_METRIC]');
      expect(result.code).toBe(2);
    });
  });
});

describe('guard --rollback refuses a rollback about another version than it judged (GUARD_ROLLBACK_MISMATCH)', () => {
  const breach = { ...HEALTHY, error_rate: { value: 0.07, window: '10m' } };

  it('a canary: the guard judges the newest holder and a breach gives the stage back whole to the other', async () => {
    const split = templatePolicy().replace('    exclusive: true\n', '    split: true\n') + GUARDRAILS;
    const dir = createRepo({
      'registry.yaml': split,
      'models/fraud/model.yaml': modelYaml('fraud', 'metrics:\n  accuracy: { goal: maximize }\n'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production', metrics: { accuracy: 0.93 } }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging', metrics: { accuracy: 0.95 } }),
    });
    const canary = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '10', '--here']);
    expect(canary.code, canary.stderr).toBe(0);
    const ramp = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '50', '--here']);
    expect(ramp.code, ramp.stderr).toBe(0);
    const result = await runCli(
      dir,
      ['guard', 'fraud@production', '--input', observations(dir, breach), '--rollback', '--here'],
      NOW,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'fraud@production is split: judging the canary fraud@1.1.0 (a breach gives production back to 1.0.0)\n',
    );
    expect(result.stdout).toContain('BREACH production error_rate: observed 0.07 over 10m, bound max 0.05');
    // The canary is out entirely, not one ramp step back (50% → 10%).
    const show = await runCli(dir, ['resolve', 'fraud@production', '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ version: '1.0.0' });
    expect(JSON.parse(show.stdout).holders ?? [{ version: '1.0.0' }]).toEqual([
      expect.objectContaining({ version: '1.0.0' }),
    ]);
    expect(git(dir, 'log', '-1', '--format=%B')).toContain('Modelreg-Guardrail:');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('the branch moved after the guardrails were judged', async () => {
    const dir = await guardedRegistry();
    const registry = await Registry.open(dir);
    const judged = await evaluateGuardrails((await checkedOutBranch(registry)).view, {
      reference: 'fraud@production',
      source: documentMetricsSource(JSON.stringify({ time: '2026-03-01T11:59:00Z', metrics: breach }), 'test', NOW),
      now: NOW,
    });
    expect(judged).toMatchObject({ version: '1.1.0', commit: git(dir, 'rev-parse', 'HEAD') });
    expect(judged.breaches.map((b) => b.guardrail.metric)).toEqual(['error_rate']);
    // Another change lands while the guard was deciding; production's holder is still the judged one.
    commit(dir, {
      'models/fraud/model.yaml': modelYaml(
        'fraud',
        'description: moved on\nmetrics:\n  accuracy: { goal: maximize }\n',
      ),
    });
    const before = repositoryState(dir);
    const refused = await rollbackOnBreach(registry, judged, { target: { kind: 'here' }, now: NOW }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(UserError);
    expect(refused).toMatchObject({
      code: 'GUARD_ROLLBACK_MISMATCH',
      exitCode: 1,
      message:
        'the rollback of models/fraud/ would not take fraud@1.1.0, which the guardrails judged, out of production',
    });
    expect(repositoryState(dir)).toBe(before);
  });
});

describe('guardrails in registry.yaml', () => {
  it('are checked: a known stage, a bound, an emergency rule not stricter than a rollback', async () => {
    const dir = createRepo({
      'registry.yaml':
        templatePolicy() +
        `
guardrails:
  prod:
    window: 5m
    metrics:
      error_rate: { max: 0.05 }
  production:
    window: 5m
    metrics:
      error_rate: { window: 1m }
      latency: { min: 10, max: 5 }
emergency_rollback:
  approvals: 3
`,
    });
    const result = await runCli(dir, ['validate', '--all']);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('guardrails names stage "prod", which is not declared');
    expect(result.stdout + result.stderr).toContain('POLICY_GUARDRAIL_WITHOUT_BOUND');
    expect(result.stdout + result.stderr).toContain('sets no bound, so it can never be breached');
    expect(result.stdout + result.stderr).toContain('min 10 above max 5');
    expect(result.stdout + result.stderr).toContain('POLICY_EMERGENCY_STRICTER');
  });

  it('refuses a window that is not a duration', async () => {
    const dir = createRepo({
      'registry.yaml':
        templatePolicy() + 'guardrails:\n  production:\n    window: 5 minutes\n    metrics:\n      e: { max: 1 }\n',
    });
    const result = await runCli(dir, ['validate', '--all']);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('must be a duration such as 30s, 5m, 1h or 1d');
  });
});
