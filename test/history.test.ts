import { describe, expect, it } from 'vitest';
import { commitsTouching } from '../src/history/log-walk.js';
import { Registry } from '../src/registry/registry.js';
import { generateHistory } from './helpers/generated-history.js';
import { runCli } from './helpers/run-cli.js';
import { git } from './helpers/temp-repo.js';

/** Commits whose own diff (combined diff for merges) changes a `stage:` line under the path, per native git. */
function nativeStageCommits(dir: string, path: string): string[] {
  const ids = git(dir, 'log', '--format=%H', '--', path).split('\n').filter(Boolean);
  return ids.filter((id) =>
    git(dir, 'show', '--format=', '--cc', id, '--', path)
      .split('\n')
      .some((line) => /^(?:[-+]|[-+ ][-+])stage: /.test(line)),
  );
}

describe('history on a generated history with merge commits', () => {
  const history = generateHistory(7, 30);

  it('finds exactly the commits native git log finds for each model, in the same order', async () => {
    const registry = await Registry.open(history.dir);
    const head = await registry.git.resolveCommit('HEAD');
    for (const model of [...history.models, undefined]) {
      const path = model ? `models/${model}` : 'models';
      const ours = (await commitsTouching(registry.git, head, path)).map((c) => c.commit.oid);
      expect({ path, ours }).toEqual({ path, ours: git(history.dir, 'log', '--format=%H', '--', path).split('\n').filter(Boolean) });
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
      expect({ commit: event.commit, pr: event.pr }).toEqual({ commit: event.commit, pr: expected ? Number(expected[1]) : null });
      expect(firstParents.has(event.landedBy)).toBe(true);
      expect(event.date).toBe(new Date(Number(git(history.dir, 'log', '-1', '--format=%ct', event.landedBy)) * 1000).toISOString().replace('.000Z', 'Z'));
    }
    expect(events.some((e) => e.pr !== null && e.commit !== e.landedBy)).toBe(true);
  });
});
