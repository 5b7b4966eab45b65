import { describe, expect, it } from 'vitest';
import { collectCatalog, holderSpans } from '../src/catalog/catalog-data.js';
import { auditRows, type AuditRow } from '../src/history/audit-report.js';
import { readHistory, type HistoryEvent } from '../src/history/read-history.js';
import { commitsTouching } from '../src/git/path-walk.js';
import { Registry } from '../src/registry/registry.js';
import { generateHistory, MERGE_SHAPES } from './helpers/generated-history.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli, type CliResult } from './helpers/run-cli.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

interface Event {
  commit: string;
  model: string;
  version: string | null;
  type: string;
  from: string | null;
  to: string | null;
  pr: number | null;
  landedBy: string;
}

/** The CLI's answer with native git and without (MODELREG_NATIVE_GIT=0), required to be the same. */
async function onBothPaths(dir: string, args: string[]): Promise<CliResult> {
  const fast = await runCli(dir, args);
  process.env.MODELREG_NATIVE_GIT = '0';
  try {
    const pure = await runCli(dir, args);
    expect({ args, pure }).toEqual({ args, pure: fast });
  } finally {
    delete process.env.MODELREG_NATIVE_GIT;
  }
  return fast;
}

const gitLog = (dir: string, path: string) => git(dir, 'log', '--format=%H', '--', path).split('\n').filter(Boolean);

/** Commits whose own diff (combined diff for merges) changes a `stage:` line under the path, per native git. */
function nativeStageCommits(dir: string, path: string): string[] {
  const ids = git(dir, 'log', '--format=%H', '--', path).split('\n').filter(Boolean);
  return ids.filter((id) =>
    git(dir, 'show', '--format=', '--cc', id, '--', path)
      .split('\n')
      // One column per parent: `+stage:` for a commit, `++stage:` or ` -stage:` for a merge, three for an octopus.
      .some((line) => /^[-+ ]*[-+][-+ ]*stage: /.test(line)),
  );
}

describe('history on a generated history with merge commits', () => {
  const history = generateHistory(25, 30);

  it('merges in every shape git simplifies differently', () => {
    expect(new Set(history.shapes.keys())).toEqual(new Set(MERGE_SHAPES));
  });

  it('lists exactly the commits git log lists for each model, merges included, on both paths', async () => {
    for (const model of history.models) {
      const events = JSON.parse(
        (await onBothPaths(history.dir, ['history', model, '--format', 'json'])).stdout,
      ) as Event[];
      expect({ model, commits: [...new Set(events.map((e) => e.commit))] }).toEqual({
        model,
        commits: gitLog(history.dir, `models/${model}`),
      });
    }
  });

  it('parts ways with git log -- models in both directions, so the whole-registry history cannot follow it', () => {
    const logged = new Set(gitLog(history.dir, 'models'));
    const parted = history.models.map((model) => {
      const own = new Set(gitLog(history.dir, `models/${model}`));
      const changed = git(history.dir, 'log', '--full-history', '--no-merges', '--format=%H', '--', `models/${model}`)
        .split('\n')
        .filter(Boolean);
      // A branch commit to the model that a merge discarded (it kept main's copy, took other models from the branch).
      const discarded = changed.filter((c) => logged.has(c) && !own.has(c));
      // A commit main made to the model where `-- models` followed the branch at a merge that kept the model as both sides had it.
      const skipped = [...own].filter((c) => !logged.has(c));
      return { discarded: discarded.length, skipped: skipped.length };
    });
    expect(parted.some((p) => p.discarded > 0)).toBe(true);
    expect(parted.some((p) => p.skipped > 0)).toBe(true);
  });

  it('reports each model in the whole-registry history exactly as its own history does, on both paths', async () => {
    const all = JSON.parse((await onBothPaths(history.dir, ['history', '--format', 'json'])).stdout) as Event[];
    let ownEvents = 0;
    for (const model of history.models) {
      const own = JSON.parse((await runCli(history.dir, ['history', model, '--format', 'json'])).stdout) as Event[];
      expect({ model, events: all.filter((e) => e.model === model) }).toEqual({ model, events: own });
      ownEvents += own.length;
    }
    expect(all).toHaveLength(ownEvents);
  });

  it('audits and catalogs each model by its own history', async () => {
    const registry = await Registry.open(history.dir);
    const view = await registry.at('HEAD');
    const policy = await view.policy();
    const own = new Map<string, HistoryEvent[]>();
    for (const model of history.models) own.set(model, await readHistory(registry, view.commit!, policy, { model }));
    const catalog = await collectCatalog(registry, view, { now: new Date('2026-12-01T00:00:00Z') });
    for (const { entry, events, spans } of catalog.models) {
      expect({ model: entry.name, events, spans }).toEqual({
        model: entry.name,
        events: own.get(entry.name),
        spans: holderSpans(own.get(entry.name)!),
      });
    }
    const models = new Map(
      await Promise.all(history.models.map(async (m) => [m, (await view.model(m)).entry] as const)),
    );
    const expected = auditRows({
      registryName: '',
      branch: '',
      commit: '',
      generated: new Date(),
      since: undefined,
      until: undefined,
      policy,
      models,
      events: [...own.values()].flat(),
    });
    const audit = JSON.parse((await onBothPaths(history.dir, ['audit', '--format', 'json'])).stdout) as AuditRow[];
    for (const model of history.models) {
      expect({ model, rows: audit.filter((r) => r.model === model) }).toEqual({
        model,
        rows: expected.filter((r) => r.model === model),
      });
    }
    expect(audit).toHaveLength(expected.length);
  });

  it('finds exactly the commits native git log finds for each model, in the same order', async () => {
    const registry = await Registry.open(history.dir);
    const head = await registry.git.resolveCommit('HEAD');
    for (const model of [...history.models, undefined]) {
      const path = model ? `models/${model}` : 'models';
      const ours = (await commitsTouching(registry.git, head, path)).map((c) => c.commit.oid);
      expect({ path, ours }).toEqual({
        path,
        ours: git(history.dir, 'log', '--format=%H', '--', path).split('\n').filter(Boolean),
      });
    }
  });

  it('reports a stage change or registration for exactly the commits that changed a stage line', async () => {
    for (const model of history.models) {
      const result = await runCli(history.dir, ['history', model, '--format', 'json']);
      expect(result.code).toBe(0);
      const events = JSON.parse(result.stdout) as { commit: string; from: string | null; to: string | null }[];
      // Registrations set a stage too: native git sees their `+stage:` line.
      const ours = [...new Set(events.filter((e) => e.from !== null || e.to !== null).map((e) => e.commit))];
      expect({ model, ours }).toEqual({ model, ours: nativeStageCommits(history.dir, `models/${model}`) });
    }
  });

  it('attributes merged and squashed changes to their pull request and landing time', async () => {
    const events = JSON.parse((await runCli(history.dir, ['history', '--format', 'json'])).stdout) as {
      commit: string;
      pr: number | null;
      landedBy: string;
      date: string;
    }[];
    const firstParents = new Set(git(history.dir, 'rev-list', '--first-parent', 'HEAD').split('\n'));
    for (const event of events) {
      const subject = git(history.dir, 'log', '-1', '--format=%s', event.landedBy);
      const expected = /#(\d+)/.exec(subject);
      expect({ commit: event.commit, pr: event.pr }).toEqual({
        commit: event.commit,
        pr: expected ? Number(expected[1]) : null,
      });
      expect(firstParents.has(event.landedBy)).toBe(true);
      expect(event.date).toBe(
        new Date(Number(git(history.dir, 'log', '-1', '--format=%ct', event.landedBy)) * 1000)
          .toISOString()
          .replace('.000Z', 'Z'),
      );
    }
    expect(events.some((e) => e.pr !== null && e.commit !== e.landedBy)).toBe(true);
  });
});

describe('a pull request merged after main changed the same model', () => {
  const v100 = versionPath('fraud', '1.0.0');
  const v110 = versionPath('fraud', '1.1.0');

  /**
   * PR #9 promotes 1.1.0 to production while main edits 1.1.0's notes and
   * 1.0.0's metrics: the merge differs from both parents in the model and in
   * 1.1.0's file, yet took each line from one side. The evil variant's merge
   * also archives 1.0.0, which neither side did.
   */
  function promotedOverMain(evil: boolean) {
    const dir = createRepo(
      {
        'registry.yaml': templatePolicy(),
        'models/fraud/model.yaml': modelYaml('fraud'),
        [v100]: versionYaml('1.0.0', { stage: 'production' }),
        [v110]: versionYaml('1.1.0', { stage: 'staging' }),
      },
      'register fraud',
    );
    git(dir, 'checkout', '-q', '-b', 'promote-1.1.0');
    const promotion = commit(
      dir,
      { [v110]: versionYaml('1.1.0', { stage: 'production' }) },
      'promote(fraud): 1.1.0 → production',
    );
    git(dir, 'checkout', '-q', 'main');
    commit(
      dir,
      {
        [v110]: versionYaml('1.1.0', { stage: 'staging', extra: 'description: reviewed\n' }),
        [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
      },
      'notes and metrics',
    );
    const message = 'Merge pull request #9 from acme/promote-1.1.0';
    if (evil) {
      git(dir, 'merge', '-q', '--no-ff', '--no-commit', 'promote-1.1.0');
      commit(dir, { [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }) }, message);
    } else {
      git(dir, 'merge', '-q', '--no-ff', '-m', message, 'promote-1.1.0');
    }
    expect(git(dir, 'show', 'HEAD:' + v110)).toContain('stage: production\n');
    return { dir, promotion, merge: git(dir, 'rev-parse', 'HEAD') };
  }

  it('reports the promotion once, at its commit, attributed to the PR, and lists the merge', async () => {
    const { dir, promotion, merge } = promotedOverMain(false);
    const events = JSON.parse((await onBothPaths(dir, ['history', 'fraud', '--format', 'json'])).stdout) as Event[];
    expect([...new Set(events.map((e) => e.commit))]).toEqual(gitLog(dir, 'models/fraud'));
    expect(events.filter((e) => e.from !== null)).toEqual([
      expect.objectContaining({
        commit: promotion,
        version: '1.1.0',
        type: 'promote',
        from: 'staging',
        to: 'production',
        pr: 9,
        landedBy: merge,
      }),
    ]);
    expect(events.filter((e) => e.commit === merge)).toEqual([
      expect.objectContaining({ type: 'merge', version: null, from: null, to: null, pr: 9, landedBy: merge }),
    ]);
    const audit = JSON.parse((await onBothPaths(dir, ['audit', '--format', 'json'])).stdout) as Event[];
    expect(audit.filter((r) => r.to === 'production' && r.version === '1.1.0')).toEqual([
      expect.objectContaining({ type: 'promote', pr: 9, commit: promotion }),
    ]);
  });

  it("reports what an evil merge's resolution did itself, at the merge, attributed to the PR", async () => {
    const { dir, promotion, merge } = promotedOverMain(true);
    const events = JSON.parse((await onBothPaths(dir, ['history', 'fraud', '--format', 'json'])).stdout) as Event[];
    expect([...new Set(events.map((e) => e.commit))]).toEqual(gitLog(dir, 'models/fraud'));
    expect(events.filter((e) => e.from !== null).map((e) => [e.commit, e.version, e.type, e.from, e.to, e.pr])).toEqual(
      [
        [merge, '1.0.0', 'demote', 'production', 'archived', 9],
        [promotion, '1.1.0', 'promote', 'staging', 'production', 9],
      ],
    );
    const audit = JSON.parse((await onBothPaths(dir, ['audit', '--format', 'json'])).stdout) as Event[];
    expect(audit.filter((r) => r.pr === 9).map((r) => `${r.version} ${r.type} #${r.pr}`)).toEqual([
      '1.1.0 promote #9',
      '1.0.0 demote #9',
    ]);
  });

  it("leaves out, for the whole registry too, a branch's promotion the merge threw away while taking another model", async () => {
    const churn = versionPath('churn', '1.0.0');
    const dir = createRepo(
      {
        'registry.yaml': templatePolicy(),
        'models/fraud/model.yaml': modelYaml('fraud'),
        [v100]: versionYaml('1.0.0', { stage: 'staging' }),
        'models/churn/model.yaml': modelYaml('churn'),
      },
      'register fraud',
    );
    git(dir, 'checkout', '-q', '-b', 'promote-and-register');
    const promotion = commit(
      dir,
      { [v100]: versionYaml('1.0.0', { stage: 'production' }) },
      'promote(fraud): 1.0.0 → production',
    );
    commit(dir, { [churn]: versionYaml('1.0.0', { stage: 'development' }) }, 'register churn 1.0.0');
    git(dir, 'checkout', '-q', 'main');
    commit(dir, { [v100]: versionYaml('1.0.0', { stage: 'archived' }) }, 'archive fraud 1.0.0');
    const message = 'Merge pull request #5 from acme/promote-and-register';
    try {
      git(dir, 'merge', '-q', '--no-ff', '-m', message, 'promote-and-register');
    } catch {
      // Both sides changed fraud 1.0.0's stage: main's stays, churn comes from the branch.
    }
    git(dir, 'checkout', '-q', '--ours', '--', v100);
    commit(dir, {}, message);
    expect(git(dir, 'show', `HEAD:${v100}`)).toContain('stage: archived');
    expect(gitLog(dir, 'models')).toContain(promotion);

    expect(gitLog(dir, 'models/fraud')).not.toContain(promotion);
    const all = JSON.parse((await onBothPaths(dir, ['history', '--format', 'json'])).stdout) as Event[];
    const fraud = JSON.parse((await runCli(dir, ['history', 'fraud', '--format', 'json'])).stdout) as Event[];
    expect(all.filter((e) => e.model === 'fraud')).toEqual(fraud);
    expect(all.filter((e) => e.commit === promotion)).toEqual([]);
    expect(all.filter((e) => e.model === 'churn').map((e) => [e.type, e.version, e.pr])).toEqual([
      ['register', '1.0.0', 5],
      ['register', null, null],
    ]);
    const audit = JSON.parse((await onBothPaths(dir, ['audit', '--format', 'json'])).stdout) as AuditRow[];
    expect(audit.filter((r) => r.model === 'fraud').map((r) => [r.version, r.type, r.from, r.to])).toEqual([
      ['1.0.0', 'register', null, 'staging'],
      ['1.0.0', 'demote', 'staging', 'archived'],
    ]);
  });

  it("times the catalog's stage spans by when each change landed, across a conflict the merge resolved", async () => {
    const dir = createRepo(
      {
        'registry.yaml': templatePolicy(),
        'models/fraud/model.yaml': modelYaml('fraud'),
        [v110]: versionYaml('1.1.0', { stage: 'staging' }),
      },
      'register fraud',
    );
    git(dir, 'checkout', '-q', '-b', 'promote-1.1.0');
    commit(
      dir,
      { [v110]: versionYaml('1.1.0', { stage: 'production', extra: 'description: candidate\n' }) },
      'promote 1.1.0',
    );
    git(dir, 'checkout', '-q', 'main');
    commit(
      dir,
      { [v110]: versionYaml('1.1.0', { stage: 'archived', extra: 'description: retired\n' }) },
      'archive 1.1.0',
    );
    try {
      git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #4 from acme/promote-1.1.0', 'promote-1.1.0');
    } catch {
      // Both sides changed the stage and the description: resolved below, the stage from the PR, the description from main.
    }
    commit(
      dir,
      { [v110]: versionYaml('1.1.0', { stage: 'production', extra: 'description: retired\n' }) },
      'Merge pull request #4 from acme/promote-1.1.0',
    );
    const events = JSON.parse(
      (await onBothPaths(dir, ['history', 'fraud', '--format', 'json'])).stdout,
    ) as HistoryEvent[];
    expect([...new Set(events.map((e) => e.commit))]).toEqual(gitLog(dir, 'models/fraud'));
    const landed = (ref: string) =>
      new Date(Number(git(dir, 'log', '-1', '--format=%ct', ref)) * 1000).toISOString().replace('.000Z', 'Z');
    expect(holderSpans(events).map((s) => [s.stage, s.from, s.until])).toEqual([
      ['staging', landed('HEAD~2'), landed('HEAD~1')],
      ['archived', landed('HEAD~1'), landed('HEAD')],
      ['production', landed('HEAD'), null],
    ]);
  });
});
