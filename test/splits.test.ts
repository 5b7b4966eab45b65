/**
 * Traffic splits: a split stage held by several versions with weights, the
 * rules on weights and ramps, `promote --weight`, `resolve --json` / `--pick`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRegistry, pickBucket, pickHolder } from '../src/index.js';
import { holderSpans } from '../src/catalog/catalog-data.js';
import { timelineFigure } from '../src/catalog/timeline-svg.js';
import { readHistory } from '../src/history/read-history.js';
import { Registry } from '../src/registry/registry.js';
import { planPromotion } from '../src/lifecycle/plan-promotion.js';
import { pullRequestBody } from '../src/github/pull-request-body.js';
import { approvalRequirements } from '../src/governance/approvals.js';
import { classifyChange } from '../src/governance/classify-change.js';
import { changeDiagram, describeChange } from '../src/github/render-report.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { validateInMemory } from './helpers/memory-registry.js';
import { runCli } from './helpers/run-cli.js';
import { summarize } from './helpers/scenario.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';
import { serveDirectory } from './helpers/static-server.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');

/** The template with production split: steps 10, 50, 100; up to 10% with one approval; a day per step. */
function splitPolicy(
  ramp = '    ramp:\n      steps: [10, 50, 100]\n      canary_max_weight: 10\n      canary_approvals: 1\n      min_step_duration: 24h\n',
): string {
  return templatePolicy().replace(
    '    exclusive: true\n    approvals: 2\n    demote_to: archived\n',
    `    split: true\n    approvals: 2\n    demote_to: archived\n${ramp}`,
  );
}

/** A version in `stage` with an optional weight line right after the stage line. */
function entry(version: string, stage: string, weight?: number): string {
  return versionYaml(version, { stage }).replace(
    `stage: ${stage}\n`,
    `stage: ${stage}\n${weight !== undefined ? `weight: ${weight}\n` : ''}`,
  );
}

const base = {
  'models/fraud/model.yaml': modelYaml('fraud'),
  [v100]: entry('1.0.0', 'production'),
  [v110]: entry('1.1.0', 'staging'),
};

describe('split stage rules', () => {
  it('refuses a weight in a stage that is not split, on the weight line', async () => {
    const report = await validateInMemory(base, { [v110]: entry('1.1.0', 'staging', 10) });
    expect(summarize(report)).toEqual([`WEIGHT_OUTSIDE_SPLIT_STAGE ${v110}:3:9`]);
  });

  it('refuses weights that do not sum to 100, on each weight line', async () => {
    const report = await validateInMemory(
      base,
      { [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 20) },
      splitPolicy(''),
    );
    expect(summarize(report)).toEqual([`SPLIT_WEIGHTS_SUM ${v100}:3:9`, `SPLIT_WEIGHTS_SUM ${v110}:3:9`]);
    expect(report.findings[0]!.message).toContain('sum to 110, not 100 (1.0.0=90, 1.1.0=20)');
  });

  it('refuses a holder without a weight beside others', async () => {
    const report = await validateInMemory(base, { [v110]: entry('1.1.0', 'production', 10) }, splitPolicy(''));
    expect(summarize(report)).toEqual([`SPLIT_WEIGHT_MISSING ${v100}:2:8`]);
  });

  it('accepts a canary whose weights sum to 100, and a sole holder without a weight', async () => {
    const report = await validateInMemory(
      base,
      { [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 10) },
      splitPolicy(),
    );
    expect(summarize(report)).toEqual([]);
  });

  it('refuses a ramp step the policy does not allow, but not weight going back to the older holder', async () => {
    const canary = { ...base, [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 10) };
    const forward = await validateInMemory(
      canary,
      { [v100]: entry('1.0.0', 'production', 70), [v110]: entry('1.1.0', 'production', 30) },
      splitPolicy(),
    );
    expect(summarize(forward)).toEqual([`RAMP_STEP_NOT_ALLOWED ${v110}:3:9`]);
    expect(forward.findings[0]!.hint).toContain('Ramp to one of 50, 100');
    const back = await validateInMemory(
      { ...canary, [v100]: entry('1.0.0', 'production', 50), [v110]: entry('1.1.0', 'production', 50) },
      { [v100]: entry('1.0.0', 'production', 70), [v110]: entry('1.1.0', 'production', 30) },
      splitPolicy(),
    );
    expect(summarize(back)).toEqual([]);
  });

  it('asks the canary approvals up to canary_max_weight, the full ones above, rollback approvals going back', async () => {
    const start = await validateInMemory(
      base,
      { [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 10) },
      splitPolicy(),
    );
    expect(approvalRequirements(start.input).map((r) => [r.reason, r.required])).toEqual([
      ['fraud@1.1.0 takes 10% of production', 1],
    ]);
    const canary = { ...base, [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 10) };
    const ramp = await validateInMemory(
      canary,
      { [v100]: entry('1.0.0', 'production', 50), [v110]: entry('1.1.0', 'production', 50) },
      splitPolicy(),
    );
    expect(approvalRequirements(ramp.input).map((r) => [r.reason, r.required])).toEqual([
      ['fraud@1.1.0 takes 50% of production', 2],
    ]);
    const abort = await validateInMemory(
      canary,
      { [v100]: entry('1.0.0', 'production', 100), [v110]: entry('1.1.0', 'staging') },
      splitPolicy(),
    );
    expect(abort.ok).toBe(true);
    expect(approvalRequirements(abort.input).map((r) => [r.reason, r.required])).toEqual([
      ['fraud@1.1.0 enters staging', 1],
      ['fraud@1.0.0 takes 100% of production (weight back to an older holder: a rollback)', 1],
    ]);
  });

  it('bounds the canary approvals by what all the newer versions serve together, in one pull request or over several', async () => {
    const staged: Record<string, string> = {
      'models/fraud/model.yaml': modelYaml('fraud'),
      [v100]: entry('1.0.0', 'production'),
    };
    const tenCanaries: Record<string, string> = { [v100]: entry('1.0.0', 'archived') };
    for (let minor = 1; minor <= 10; minor++) {
      staged[versionPath('fraud', `1.${minor}.0`)] = entry(`1.${minor}.0`, 'staging');
      tenCanaries[versionPath('fraud', `1.${minor}.0`)] = entry(`1.${minor}.0`, 'production', 10);
    }
    const whole = await validateInMemory(staged, tenCanaries, splitPolicy());
    expect(whole.ok).toBe(true);
    const required = approvalRequirements(whole.input).filter((r) => r.reason.includes('% of production'));
    expect(required).toHaveLength(10);
    expect(required.every((r) => r.required === 2)).toBe(true);
    const v120 = versionPath('fraud', '1.2.0');
    const second = await validateInMemory(
      { ...staged, [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 10) },
      { [v100]: entry('1.0.0', 'production', 80), [v120]: entry('1.2.0', 'production', 10) },
      splitPolicy(),
    );
    expect(approvalRequirements(second.input).map((r) => [r.reason, r.required])).toEqual([
      ['fraud@1.2.0 takes 10% of production', 2],
    ]);
  });

  it('does not take a restored stage at other weights for a rollback', async () => {
    const dir = createRepo({
      'registry.yaml': splitPolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [v100]: entry('1.0.0', 'production'),
      [v110]: entry('1.1.0', 'staging'),
    });
    commit(dir, { [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 10) }, 'canary');
    commit(dir, { [v100]: entry('1.0.0', 'production'), [v110]: entry('1.1.0', 'staging') }, 'abort');
    commit(dir, { [v100]: entry('1.0.0', 'production', 10), [v110]: entry('1.1.0', 'production', 90) }, 'retake');
    const retake = await (await Registry.open(dir)).validate({ base: 'HEAD~1', head: 'HEAD' });
    expect(summarize(retake)).toEqual([`RAMP_STEP_NOT_ALLOWED ${v110}:3:9`]);
    expect(approvalRequirements(retake.input).map((r) => [r.reason, r.required])).toEqual([
      ['fraud@1.1.0 takes 90% of production', 2],
    ]);
    git(dir, 'reset', '-q', '--hard', 'HEAD~1');
    commit(dir, { [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 10) }, 'canary again');
    const restored = await (await Registry.open(dir)).validate({ base: 'HEAD~1', head: 'HEAD' });
    expect(summarize(restored)).toEqual([]);
    expect(approvalRequirements(restored.input).map((r) => [r.reason, r.required])).toEqual([
      ['fraud@1.1.0 takes 10% of production', 1],
    ]);
  });

  it('refuses a split stage that is also exclusive, ramp rules without split, and steps without 100', async () => {
    const policy = templatePolicy().replace(
      '    exclusive: true\n',
      '    exclusive: true\n    split: true\n    ramp:\n      steps: [10, 50]\n',
    );
    const report = await validateInMemory(base, { 'registry.yaml': policy });
    expect(report.findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(['POLICY_SPLIT_EXCLUSIVE', 'POLICY_RAMP_STEPS']),
    );
    const unsplit = templatePolicy().replace('    approvals: 1\n', '    approvals: 1\n    ramp:\n      steps: [100]\n');
    const report2 = await validateInMemory(base, { 'registry.yaml': unsplit });
    expect(report2.findings.map((f) => f.code)).toContain('POLICY_RAMP_NOT_SPLIT');
  });
});

describe('the pull request report', () => {
  it('describes a ramp step as weights within the stage and draws no arrow for it', async () => {
    const canary = { ...base, [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 10) };
    const ramp = await validateInMemory(
      canary,
      { [v100]: entry('1.0.0', 'production', 50), [v110]: entry('1.1.0', 'production', 50) },
      splitPolicy(),
    );
    const changes = classifyChange(ramp.input);
    expect(changes.map(describeChange)).toEqual([
      '**demote** in production: 90% → 50%',
      '**promote** in production: 10% → 50%',
    ]);
    expect(changeDiagram(changes)).toBeUndefined();
    const start = await validateInMemory(
      base,
      { [v100]: entry('1.0.0', 'production', 90), [v110]: entry('1.1.0', 'production', 10) },
      splitPolicy(),
    );
    expect(classifyChange(start.input).map(describeChange)).toEqual([
      '**demote** in production: 100% → 90%',
      '**promote** staging → production at 10%',
    ]);
  });
});

describe('the pull request body of promote --weight', () => {
  it('lists each holder with its weight and compares the canary with the holder giving weight', async () => {
    const dir = createRepo({ 'registry.yaml': splitPolicy(), ...base });
    const registry = await Registry.open(dir);
    const view = await registry.at();
    const plan = planPromotion(await view.policy(), await view.snapshot.modelState('fraud'), '1.1.0', 'production', 10);
    const body = await pullRequestBody(registry, view.commit!, plan);
    expect(body).toContain(
      '| fraud | 1.1.0 | staging → production, weight 0% → 10% |\n| fraud | 1.0.0 | weight 100% → 90% |',
    );
    expect(body).toContain('1.1.0 compared with 1.0.0');
  });
});

describe('pick', () => {
  it('is sha256 of the key, first 4 bytes big-endian, mod 100, as native sha256sum computes it', () => {
    for (const key of ['user-1', 'request-42', 'ünïcode']) {
      const hex = execFileSync('sha256sum', { input: Buffer.from(key, 'utf8') })
        .toString()
        .slice(0, 8);
      expect(pickBucket(key)).toBe(Number.parseInt(hex, 16) % 100);
    }
  });

  it('sends keys to the holders in proportion to their weights, lowest version taking the first buckets', () => {
    const holders = [
      { version: '1.10.0', weight: 10 },
      { version: '1.9.0', weight: 90 },
    ];
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const chosen = pickHolder(holders, `user-${i}`).version;
      counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    }
    // 10% of 20,000 is 2,000; three standard deviations (σ ≈ 42) either side.
    expect(counts.get('1.10.0')).toBeGreaterThan(1870);
    expect(counts.get('1.10.0')).toBeLessThan(2130);
    const bucket = pickBucket('user-7');
    expect(pickHolder(holders, 'user-7').version).toBe(bucket < 90 ? '1.9.0' : '1.10.0');
  });
});

describe('modelreg promote --weight', () => {
  function registry(policy = splitPolicy()): string {
    return createRepo({ 'registry.yaml': policy, ...base });
  }
  const at = (iso: string) => new Date(iso);

  it('starts a canary, ramps it and completes it, one weight line per file per step', async () => {
    const dir = registry();
    const start = await runCli(
      dir,
      ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '10', '--here'],
      at('2026-03-01T12:00:00Z'),
    );
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('promote(fraud): 1.1.0 → production at 10% (1.0.0 90% / 1.1.0 10%)');
    expect(git(dir, 'diff', '--numstat', 'HEAD~1', 'HEAD', '--', 'models/fraud/versions')).toBe(
      `1\t0\t${v100}\n2\t1\t${v110}`,
    );
    expect(readFileSync(join(dir, v100), 'utf8')).toBe(entry('1.0.0', 'production', 90));
    expect(readFileSync(join(dir, v110), 'utf8')).toBe(entry('1.1.0', 'production', 10));
    expect(git(dir, 'log', '-1', '--format=%B')).toContain(
      'Modelreg-Version: 1.1.0\nModelreg-From: staging\nModelreg-To: production\nModelreg-Weight: 10',
    );

    const resolved = JSON.parse((await runCli(dir, ['resolve', 'fraud@production', '--json'])).stdout);
    expect(resolved).toMatchObject({
      version: '1.0.0',
      weight: 90,
      holders: [
        { version: '1.0.0', weight: 90 },
        { version: '1.1.0', weight: 10 },
      ],
    });
    const key = 'user-7';
    const picked = JSON.parse((await runCli(dir, ['resolve', 'fraud@production', '--json', '--pick', key])).stdout);
    expect(picked.version).toBe(pickBucket(key) < 90 ? '1.0.0' : '1.1.0');

    const ramp = await runCli(
      dir,
      ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '50', '--here'],
      at('2026-03-02T13:00:00Z'),
    );
    expect(ramp.code).toBe(0);
    expect(git(dir, 'diff', '--numstat', 'HEAD~1', 'HEAD', '--', 'models/fraud/versions')).toBe(
      `1\t1\t${v100}\n1\t1\t${v110}`,
    );

    const done = await runCli(
      dir,
      ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '100', '--here'],
      at('2026-03-03T14:00:00Z'),
    );
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('promote(fraud): 1.1.0 → production at 100% (replaces 1.0.0)');
    expect(git(dir, 'diff', '--numstat', 'HEAD~1', 'HEAD', '--', 'models/fraud/versions')).toBe(
      `1\t2\t${v100}\n1\t1\t${v110}`,
    );
    expect(readFileSync(join(dir, v100), 'utf8')).toBe(entry('1.0.0', 'archived'));
    expect(JSON.parse((await runCli(dir, ['resolve', 'fraud@production', '--json'])).stdout)).toMatchObject({
      version: '1.1.0',
      holders: [{ version: '1.1.0', weight: 100 }],
    });
  });

  it('the read API answers a split stage as the clone does, --pick included', async () => {
    const dir = registry();
    await runCli(
      dir,
      ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '10', '--here'],
      at('2026-03-01T12:00:00Z'),
    );
    const site = join(tempDir(), 'site');
    const built = await runCli(dir, ['catalog', 'build', '--out', site]);
    expect(built.code, built.stderr).toBe(0);
    const server = await serveDirectory(site);
    try {
      const remote = await openRegistry({
        url: server.url,
        cacheDir: false,
        env: { MODELREG_ALLOW_INSECURE_LOOPBACK: '1' },
      });
      const clone = await openRegistry({ dir });
      const answer = await remote.resolve('fraud@production');
      expect(answer.version).toBe('1.0.0');
      expect(answer.split).toEqual((await clone.resolve('fraud@production')).split);
      // user-32 falls in bucket 95 (the canary's), user-1 in one of 1.0.0's.
      expect((await remote.resolve('fraud@production', { pick: 'user-32' })).version).toBe('1.1.0');
      for (const key of ['user-1', 'user-2', 'user-3', 'user-32', 'user-34']) {
        const [fromSite, fromClone] = await Promise.all([
          remote.resolve('fraud@production', { pick: key }),
          clone.resolve('fraud@production', { pick: key }),
        ]);
        expect([fromSite.version, fromSite.artifacts]).toEqual([fromClone.version, fromClone.artifacts]);
      }
    } finally {
      await server.close();
    }
  });

  it('the library resolves the holders and picks as the CLI does', async () => {
    const dir = registry();
    await runCli(
      dir,
      ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '10', '--here'],
      at('2026-03-01T12:00:00Z'),
    );
    const view = await openRegistry({ dir });
    const resolved = await view.resolve('fraud@production');
    expect(resolved.version).toBe('1.0.0');
    expect(resolved.split).toEqual([
      { version: '1.0.0', weight: 90 },
      { version: '1.1.0', weight: 10 },
    ]);
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const cli = JSON.parse((await runCli(dir, ['resolve', 'fraud@production', '--json', '--pick', key])).stdout);
      const library = await view.resolve('fraud@production', { pick: key });
      expect(library.version).toBe(cli.version);
      expect(library.version).toBe(pickHolder(resolved.split!, key).version);
      expect(library.artifacts).toEqual(cli.artifacts);
    }
    await expect(view.resolve('fraud@1.1.0', { pick: 'a' })).rejects.toThrow(/--pick chooses among the holders/);
  });

  it('refuses a step taken before the current one has held for min_step_duration, writing nothing', async () => {
    const dir = registry();
    await runCli(
      dir,
      ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '10', '--here'],
      at('2026-03-01T12:00:00Z'),
    );
    const head = git(dir, 'rev-parse', 'HEAD');
    const early = await runCli(
      dir,
      ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '50', '--here'],
      at('2026-03-01T18:00:00Z'),
    );
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('RAMP_STEP_TOO_SOON');
    expect(early.stderr).toContain('2026-03-02T12:00:00.000Z');
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('refuses bad weights with a clear error and writes nothing', async () => {
    const dir = registry();
    const head = git(dir, 'rev-parse', 'HEAD');
    const cases: [string[], string][] = [
      [['--weight', '0'], 'SPLIT_WEIGHT_INVALID'],
      [['--weight', 'ten'], 'SPLIT_WEIGHT_INVALID'],
      [['--weight', '30'], 'RAMP_STEP_NOT_ALLOWED'],
    ];
    for (const [flags, code] of cases) {
      const result = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', ...flags, '--here']);
      expect(result.code, flags.join(' ')).not.toBe(0);
      expect(result.stderr).toContain(code);
    }
    const staging = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'archived', '--weight', '10', '--here']);
    expect(staging.stderr).toContain('STAGE_NOT_SPLIT');
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'branch', '--format=%(refname:short)')).toBe('main');
  });

  it('history, audit and show --at show a ramp as steps', async () => {
    const dir = registry();
    for (const [weight, when] of [
      ['10', '2026-03-01T12:00:00Z'],
      ['50', '2026-03-02T13:00:00Z'],
      ['100', '2026-03-03T14:00:00Z'],
    ] as const) {
      const step = await runCli(
        dir,
        ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', weight, '--here'],
        at(when),
      );
      expect(step.code, step.stderr).toBe(0);
    }
    const history = JSON.parse((await runCli(dir, ['history', 'fraud', '--format', 'json'])).stdout) as {
      version: string;
      type: string;
      from: string;
      to: string;
      weight?: { from: number | null; to: number | null };
    }[];
    const steps = history
      .filter((e) => e.version === '1.1.0' || e.version === '1.0.0')
      .filter((e) => e.weight)
      .map((e) => `${e.version} ${e.type} ${e.from}→${e.to} ${e.weight!.from}→${e.weight!.to}`);
    expect(steps).toEqual([
      '1.0.0 demote production→archived 50→null',
      '1.1.0 promote production→production 50→100',
      '1.0.0 demote production→production 90→50',
      '1.1.0 promote production→production 10→50',
      '1.0.0 demote production→production null→90',
      '1.1.0 promote staging→production null→10',
    ]);
    expect(history.some((e) => e.type === 'metadata')).toBe(false);
    const table = (await runCli(dir, ['history', 'fraud'])).stdout;
    expect(table).toContain('promote in production: 10% → 50%');
    expect(table).toContain('promote staging → production at 10%');
    expect(table).toContain('demote in production: 100% → 90%');
    const audit = (await runCli(dir, ['audit'])).stdout;
    expect(audit).toContain('| promote in production: 50% → 100% |');
    const registryHandle = await Registry.open(dir);
    const headView = await registryHandle.at();
    const events = await readHistory(registryHandle, headView.commit!, await headView.policy(), { model: 'fraud' });
    const spans = holderSpans(events).filter((s) => s.stage === 'production');
    // The registry's first commit is dated by the test clock (temp-repo.ts), which depends on the tests before.
    expect(spans.map((s) => `${s.version} ${s.weight ?? '-'} ${s.from.slice(0, 10)}…${s.until ?? 'now'}`)).toEqual([
      '1.0.0 - 2026-01-01…2026-03-01T12:00:00Z',
      '1.1.0 10 2026-03-01…2026-03-02T13:00:00Z',
      '1.0.0 90 2026-03-01…2026-03-02T13:00:00Z',
      '1.1.0 50 2026-03-02…2026-03-03T14:00:00Z',
      '1.0.0 50 2026-03-02…2026-03-03T14:00:00Z',
      '1.1.0 100 2026-03-03…now',
    ]);
    const svg = timelineFigure(['production'], spans, '2026-03-04T00:00:00Z');
    expect(svg).toContain('data-version="1.1.0" data-stage="production" data-weight="50"');
    expect(svg).toContain('1.1.0 in production at 50%: ');
    expect(svg).toContain('1.1.0 in production at 100%: 2026-03-03 – still holding');
    const then = await runCli(dir, ['show', 'fraud', '--at', '2026-03-02T20:00:00Z']);
    expect(then.stdout).toContain('  production: 1.1.0 (50%), 1.0.0 (50%)\n');
    expect(then.stdout).toMatch(/1\.1\.0 +production 50%/);
  });

  it('rollback names the holders lowest version first by semver, as the model page does', async () => {
    const [v190, v1100] = [versionPath('fraud', '1.9.0'), versionPath('fraud', '1.10.0')];
    const dir = createRepo({
      'registry.yaml': splitPolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [v190]: entry('1.9.0', 'production'),
      [v1100]: entry('1.10.0', 'staging'),
    });
    const step = await runCli(
      dir,
      ['promote', 'fraud@1.10.0', '--to', 'production', '--weight', '10', '--here'],
      at('2026-03-01T12:00:00Z'),
    );
    expect(step.code, step.stderr).toBe(0);
    const back = await runCli(dir, ['rollback', 'fraud', '--here'], at('2026-03-01T13:00:00Z'));
    expect(back.stderr).toBe('');
    expect(back.stdout).toContain('rollback(fraud): production 1.9.0 90%, 1.10.0 10% → 1.9.0');
  });

  it('rollback reverts the latest ramp step, and --to gives the stage back whole', async () => {
    const dir = registry();
    for (const [weight, when] of [
      ['10', '2026-03-01T12:00:00Z'],
      ['50', '2026-03-02T13:00:00Z'],
    ] as const) {
      const step = await runCli(
        dir,
        ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', weight, '--here'],
        at(when),
      );
      expect(step.code, step.stderr).toBe(0);
    }
    const back = await runCli(dir, ['rollback', 'fraud', '--here'], at('2026-03-02T14:00:00Z'));
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('rollback(fraud): production 1.0.0 50%, 1.1.0 50% → 1.0.0 90%, 1.1.0 10%');
    expect(readFileSync(join(dir, v100), 'utf8')).toBe(entry('1.0.0', 'production', 90));
    expect(readFileSync(join(dir, v110), 'utf8')).toBe(entry('1.1.0', 'production', 10));
    expect(git(dir, 'diff', '--numstat', 'HEAD~1', 'HEAD', '--', 'models/fraud/versions')).toBe(
      `1\t1\t${v100}\n1\t1\t${v110}`,
    );

    // --to a version that shares the stage (the canary beside it): the stage back whole, the canary out.
    const whole = await runCli(dir, ['rollback', 'fraud', '--to', '1.0.0', '--here'], at('2026-03-02T15:00:00Z'));
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
    expect(readFileSync(join(dir, v100), 'utf8')).toBe(entry('1.0.0', 'production'));
    expect(readFileSync(join(dir, v110), 'utf8')).toBe(entry('1.1.0', 'staging'));
    expect(await runCli(dir, ['validate'])).toMatchObject({ code: 0 });
    await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here'], at('2026-03-05T12:00:00Z'));
    expect(readFileSync(join(dir, v100), 'utf8')).toBe(entry('1.0.0', 'archived'));
    const restore = await runCli(dir, ['rollback', 'fraud', '--to', '1.0.0', '--here'], at('2026-03-05T13:00:00Z'));
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(readFileSync(join(dir, v100), 'utf8')).toBe(entry('1.0.0', 'production'));
    expect(readFileSync(join(dir, v110), 'utf8')).toBe(entry('1.1.0', 'staging'));
  });
});
