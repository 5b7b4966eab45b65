/**
 * Rollback planning without git: a model's timeline built in memory (states parsed from real YAML, newest
 * first) handed to the planners that `rollback`, its guard and the model pages use.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../src/contract/policy.js';
import type { CommitInfo } from '../src/git/git-port.js';
import { holderChanges, latestHolderChange } from '../src/history/holder-changes.js';
import { holders } from '../src/history/model-timeline.js';
import { refuseRevertingARollback } from '../src/lifecycle/rollback-guard.js';
import { planRestore } from '../src/lifecycle/rollback.js';
import { OverlaySource } from '../src/snapshot/overlay-source.js';
import { RegistrySnapshot, type ModelState } from '../src/snapshot/registry-snapshot.js';
import { EMPTY_SOURCE } from '../src/snapshot/snapshot-source.js';
import { modelYaml, versionPath, versionYaml } from './helpers/fixtures.js';

interface Entry {
  readonly commit: CommitInfo;
  readonly state: ModelState;
}

const person = { name: 'Ada', email: 'ada@example.com', timestamp: 0, timezoneOffset: 0 };

/** One state of `fraud`: version → stage, parsed as the registry parses its files. */
async function entry(oid: string, message: string, stages: Record<string, string>): Promise<Entry> {
  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array>([['models/fraud/model.yaml', encoder.encode(modelYaml('fraud'))]]);
  for (const [version, stage] of Object.entries(stages))
    files.set(versionPath('fraud', version), encoder.encode(versionYaml(version, { stage })));
  const state = await new RegistrySnapshot(new OverlaySource(EMPTY_SOURCE, files)).modelState('fraud');
  const commit = { oid: oid.repeat(40), tree: 'f'.repeat(40), parents: [], author: person, committer: person, message };
  return { commit, state };
}

/** Newest first: registered, 1.1.0 promoted over 1.0.0, then rolled back (by any git client: no trailer). */
async function promotedThenRolledBack(): Promise<Entry[]> {
  return [
    await entry('3', 'Revert "promote"', { '1.0.0': 'production', '1.1.0': 'staging' }),
    await entry('2', 'promote\n\nModelreg-Action: promote\nModelreg-Model: fraud\nModelreg-Version: 1.1.0', {
      '1.0.0': 'archived',
      '1.1.0': 'production',
    }),
    await entry('1', 'register', { '1.0.0': 'production', '1.1.0': 'staging' }),
  ];
}

describe('holder changes over a timeline', () => {
  it('finds the newest change of who holds a stage, with the state before it', async () => {
    const timeline = await promotedThenRolledBack();
    const latest = await latestHolderChange(timeline, 'production');
    expect(latest?.change.commit.oid).toBe('3'.repeat(40));
    expect(holders(latest!.before.state, 'production')).toEqual(['1.1.0']);
    const both = await holderChanges(timeline, 'production', 5);
    expect(both.map((c) => c.change.commit.oid[0])).toEqual(['3', '2']);
    expect(await latestHolderChange(timeline, 'development')).toBeUndefined();
  });

  it('reads the timeline only as far back as the answer needs', async () => {
    const [newest, older] = await promotedThenRolledBack();
    async function* shallow() {
      yield newest!;
      yield older!;
      throw new Error('read past the answer');
    }
    expect((await latestHolderChange(shallow(), 'production'))?.change).toBe(newest);
  });
});

describe('rollback plans over a timeline', () => {
  it('refuses to revert a rollback, and lets a re-promotion be reverted', async () => {
    const timeline = await promotedThenRolledBack();
    await expect(refuseRevertingARollback(timeline, 'fraud', 'production')).rejects.toMatchObject({
      code: 'ROLLBACK_OF_ROLLBACK',
      message: expect.stringContaining('took 1.1.0 out of production'),
    });
    const repromoted = [
      await entry('4', 'promote\n\nModelreg-Action: promote\nModelreg-Model: fraud\nModelreg-Version: 1.1.0', {
        '1.0.0': 'archived',
        '1.1.0': 'production',
      }),
      ...timeline,
    ];
    await expect(refuseRevertingARollback(repromoted, 'fraud', 'production')).resolves.toBeUndefined();
  });

  it('restores an earlier holder with the stages it had then, and says when a version never held the stage', async () => {
    const timeline = await promotedThenRolledBack();
    const current = timeline[0]!.state;
    const plan = await planRestore(timeline, DEFAULT_POLICY, current, 'production', '1.1.0');
    expect(plan.plan.moves).toEqual([
      { version: '1.1.0', from: 'staging', to: 'production' },
      { version: '1.0.0', from: 'production', to: 'archived' },
    ]);
    await expect(
      planRestore(timeline.slice(0, 1), DEFAULT_POLICY, current, 'production', '1.1.0'),
    ).rejects.toMatchObject({ code: 'NEVER_HELD_STAGE' });
  });
});
