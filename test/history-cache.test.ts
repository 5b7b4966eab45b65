import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { versionPath, versionYaml } from './helpers/fixtures.js';
import { generateHistory } from './helpers/generated-history.js';
import { runCli } from './helpers/run-cli.js';
import { commit, tempDir } from './helpers/temp-repo.js';
import { HISTORY_CACHE_FORMAT, HistoryCacheDirectory } from '../src/history/history-cache.js';
import { readHistory } from '../src/history/read-history.js';
import { Registry } from '../src/registry/registry.js';

/** The on-disk history cache may only ever save work: every answer equals a cold run's. */
describe('history cache (.git/modelreg/history)', () => {
  const history = generateHistory(24, 20);
  const model = history.models[0]!;
  const cacheDir = join(history.dir, '.git', 'modelreg', 'history');
  const cold = async (args: string[]) => {
    rmSync(cacheDir, { recursive: true, force: true });
    return (await runCli(history.dir, args)).stdout;
  };

  it('answers a second run at the same head from the cache, with the same output', async () => {
    const first = await cold(['history', model, '--format', 'json']);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect((await runCli(history.dir, ['history', model, '--format', 'json'])).stdout).toBe(first);
    // The warm run really reads the file: an entry edited in place shows up.
    const [file] = readdirSync(cacheDir);
    const stored = JSON.parse(readFileSync(join(cacheDir, file!), 'utf8')) as { events: { subject: string }[] };
    stored.events[0]!.subject = 'read from the cache';
    writeFileSync(join(cacheDir, file!), JSON.stringify(stored));
    expect((await runCli(history.dir, ['history', model, '--format', 'json'])).stdout).toContain('read from the cache');
  });

  it('filters cached histories by stage and date exactly as cold runs do', async () => {
    await cold(['history', '--format', 'json']);
    for (const args of [
      ['history', '--stage', 'production', '--format', 'json'],
      ['history', '--since', '2026-01-01T01:00:00Z', '--until', '2026-01-01T03:00:00Z', '--format', 'json'],
      ['audit', '--format', 'json'],
    ]) {
      const warm = (await runCli(history.dir, args)).stdout;
      expect({ args, warm }).toEqual({ args, warm: await cold(args) });
    }
  });

  it('recomputes when the head moves, so a new change is never missed', async () => {
    await cold(['history', model, '--format', 'json']);
    commit(history.dir, { [versionPath(model, '9.0.0')]: versionYaml('9.0.0') }, 'register 9.0.0');
    const warm = (await runCli(history.dir, ['history', model, '--format', 'json'])).stdout;
    expect(JSON.parse(warm)[0]).toMatchObject({ model, version: '9.0.0', type: 'register', subject: 'register 9.0.0' });
    expect(warm).toBe(await cold(['history', model, '--format', 'json']));
  });

  it('keeps histories computed under different stage orders apart (promote and demote depend on it)', async () => {
    const registry = await Registry.open(history.dir);
    const view = await registry.at('HEAD');
    const policy = await view.policy();
    const reversed = { ...policy, stages: new Map([...policy.stages].reverse()) };
    const cache = new HistoryCacheDirectory(join(tempDir(), 'history'));
    const read = (p: typeof policy, withCache: boolean) =>
      readHistory(registry, view.commit!, p, { model }, withCache ? cache : undefined);
    expect(await read(policy, true)).toEqual(await read(policy, false));
    const other = await read(reversed, true);
    expect(other).toEqual(await read(reversed, false));
    expect(other.map((e) => e.type)).not.toEqual((await read(policy, true)).map((e) => e.type));
  });

  it('ignores a history cached by an earlier format, whose merges had other events', async () => {
    const expected = await cold(['history', model, '--format', 'json']);
    const [file] = readdirSync(cacheDir);
    const stored = JSON.parse(readFileSync(join(cacheDir, file!), 'utf8')) as { format: string; events: unknown[] };
    expect(stored.format).toBe(HISTORY_CACHE_FORMAT);
    const earlier = HISTORY_CACHE_FORMAT.replace(/^modelreg-history-\d+/, 'modelreg-history-1');
    writeFileSync(
      join(cacheDir, file!),
      JSON.stringify({ ...stored, format: earlier, events: stored.events.slice(1) }),
    );
    expect((await runCli(history.dir, ['history', model, '--format', 'json'])).stdout).toBe(expected);
  });

  it('stores a history too long for one write batch as exactly one JSON document of it', async () => {
    // Several thousand events, as a whole registry's history has: the file is written a batch at a time.
    const registry = await Registry.open(history.dir);
    const head = await registry.git.resolveCommit('HEAD');
    const one = (await readHistory(registry, head, await (await registry.at(head)).policy()))[0]!;
    const events = Array.from({ length: 4_321 }, (_, i) => ({ ...one, subject: `change ${i}`, pr: i % 3 ? i : null }));
    const dir = tempDir('history-cache-');
    const cache = new HistoryCacheDirectory(dir);
    await cache.put(head, 'models\0key', events);
    const [file] = readdirSync(dir);
    expect(readFileSync(join(dir, file!), 'utf8')).toBe(
      JSON.stringify({ format: HISTORY_CACHE_FORMAT, head, key: 'models\0key', events }),
    );
    expect(await cache.get(head, 'models\0key')).toEqual(events);
    await cache.put(head, 'empty', []);
    expect(await cache.get(head, 'empty')).toEqual([]);
  });

  it('ignores a corrupt or foreign cache file', async () => {
    const expected = await cold(['history', model, '--format', 'json']);
    const [file] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, file!), '{not json');
    expect((await runCli(history.dir, ['history', model, '--format', 'json'])).stdout).toBe(expected);
    writeFileSync(
      join(cacheDir, file!),
      JSON.stringify({ format: 'something-else', head: 'x', path: 'y', events: [] }),
    );
    expect((await runCli(history.dir, ['history', model, '--format', 'json'])).stdout).toBe(expected);
  });
});
