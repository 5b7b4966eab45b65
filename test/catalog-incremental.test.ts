/**
 * The catalog builds incrementally (issue 13 §2): after each kind of change,
 * a build over the previous output is byte-identical to a fresh build of the
 * same commit into an empty directory, and an unchanged model's files are
 * not rewritten.
 */
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCatalog } from '../src/catalog/build-catalog.js';
import { collectCatalog } from '../src/catalog/catalog-data.js';
import { buildCatalogIncrementally, MANIFEST_FILE } from '../src/catalog/incremental-build.js';
import { Registry } from '../src/registry/registry.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { commit, createRepo, setClock, tempDir } from './helpers/temp-repo.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const REPO_URL = 'https://github.com/acme/registry';

/** Every file under `dir`, relative path → bytes. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

function expectSameTree(actual: string, expected: string, label: string): void {
  const a = tree(actual);
  const b = tree(expected);
  expect([...a.keys()].sort(), label).toEqual([...b.keys()].sort());
  const differing = [...b].filter(([path, bytes]) => !a.get(path)!.equals(bytes)).map(([path]) => path);
  expect(differing, label).toEqual([]);
}

async function build(dir: string, out: string, modelregVersion?: string) {
  const registry = await Registry.open(dir);
  const view = await registry.at('HEAD');
  return buildCatalogIncrementally(registry, view, out, { repositoryUrl: REPO_URL, now: NOW, modelregVersion });
}

function seedRepo(): string {
  setClock('2026-01-05T09:00:00Z');
  const files: Record<string, string> = { 'registry.yaml': templatePolicy() };
  for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
    files[`models/${name}/model.yaml`] = modelYaml(name, 'task: ranking\n');
    files[versionPath(name, '1.0.0')] = versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.8 } });
    files[versionPath(name, '1.1.0')] = versionYaml('1.1.0', { metrics: { auc: 0.85 } });
  }
  return createRepo(files, 'seed');
}

describe('incremental catalog build', () => {
  it('after each kind of change equals a fresh build of the same commit into an empty directory, file for file', async () => {
    const dir = seedRepo();
    const out = tempDir('catalog-incremental-');
    await build(dir, out);
    const changes: [string, () => void, string?][] = [
      [
        'promotion',
        () =>
          commit(
            dir,
            { [versionPath('alpha', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.85 } }) },
            'promote alpha',
          ),
      ],
      [
        'registration',
        () =>
          commit(
            dir,
            { [versionPath('beta', '1.2.0')]: versionYaml('1.2.0', { metrics: { auc: 0.9 } }) },
            'register beta 1.2.0',
          ),
      ],
      [
        'deprecation',
        () =>
          commit(
            dir,
            {
              [versionPath('gamma', '1.1.0')]: versionYaml('1.1.0', {
                metrics: { auc: 0.85 },
                extra: 'deprecation:\n  reason: superseded\n',
              }),
            },
            'deprecate gamma 1.1.0',
          ),
      ],
      [
        'model.yaml edit',
        () =>
          commit(
            dir,
            {
              'models/delta/model.yaml': modelYaml(
                'delta',
                'task: ranking\ndescription: Ranks things\ntags: [search]\n',
              ),
            },
            'describe delta',
          ),
      ],
      [
        'a policy change renaming a stage',
        () =>
          commit(
            dir,
            { 'registry.yaml': templatePolicy().replaceAll('archived', 'retired') },
            'rename archived to retired',
          ),
      ],
      [
        'a new model',
        () =>
          commit(
            dir,
            {
              'models/epsilon/model.yaml': modelYaml('epsilon'),
              [versionPath('epsilon', '0.1.0')]: versionYaml('0.1.0'),
            },
            'add epsilon',
          ),
      ],
      ['a deleted model', () => commit(dir, { 'models/beta': null }, 'delete beta')],
      ['a deleted version', () => commit(dir, { [versionPath('gamma', '1.1.0')]: null }, 'delete gamma 1.1.0')],
      ['a modelreg version bump', () => undefined, '9.9.9'],
      ['an empty commit (only the commit changes)', () => commit(dir, {}, 'nothing'), '9.9.9'],
    ];
    let day = 6;
    for (const [label, change, version] of changes) {
      setClock(`2026-01-${String(day++).padStart(2, '0')}T09:00:00Z`);
      change();
      await build(dir, out, version);
      const fresh = tempDir('catalog-fresh-');
      await build(dir, fresh, version);
      expectSameTree(out, fresh, label);
      // The same pages and read-API documents as the whole-catalog writer (which keeps no manifest).
      const whole = tempDir('catalog-whole-');
      const registry = await Registry.open(dir);
      await writeCatalog(
        await collectCatalog(registry, await registry.at('HEAD'), { repositoryUrl: REPO_URL, now: NOW }),
        whole,
      );
      const withoutManifest = tree(fresh);
      withoutManifest.delete(MANIFEST_FILE);
      expect([...withoutManifest.keys()].sort(), label).toEqual([...tree(whole).keys()].sort());
      for (const [path, bytes] of tree(whole))
        expect(withoutManifest.get(path)!.equals(bytes), `${label}: ${path}`).toBe(true);
    }
    expect(tree(out).has('models/beta/index.html')).toBe(false);
    expect(tree(out).has('api/v1/models/beta.json')).toBe(false);
  }, 120_000);

  it("keeps an unchanged model's pages: only the promoted model is read and rewritten", async () => {
    const dir = seedRepo();
    const out = tempDir('catalog-incremental-');
    const first = await build(dir, out);
    expect(first).toMatchObject({ rebuilt: 4, kept: 0 });
    const old = new Date('2000-01-01T00:00:00Z');
    const pages = [...tree(out).keys()].filter((path) => path.startsWith('models/'));
    for (const path of pages) utimesSync(join(out, path), old, old);
    setClock('2026-01-06T09:00:00Z');
    commit(
      dir,
      { [versionPath('alpha', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.85 } }) },
      'promote alpha',
    );
    const second = await build(dir, out);
    expect(second).toMatchObject({ rebuilt: 1, kept: 3 });
    const touched = pages.filter((path) => statSync(join(out, path)).mtimeMs !== old.getTime()).sort();
    expect(touched).toEqual(['models/alpha/1.0.0.html', 'models/alpha/1.1.0.html', 'models/alpha/index.html']);
    // Nothing changed: nothing but the index pages is written.
    const third = await build(dir, out);
    expect(third).toMatchObject({ rebuilt: 0, kept: 4 });
    expect(third.filesWritten).toBe(4); // the two assets, index.html, api/v1/index.json
  }, 60_000);

  it("draws a model page as of the model's own last change, so a later commit elsewhere leaves it byte-identical", async () => {
    const dir = seedRepo();
    const out = tempDir('catalog-a-');
    await build(dir, out);
    const before = readFileSync(join(out, 'models/alpha/index.html'));
    setClock('2026-03-01T09:00:00Z');
    commit(
      dir,
      { [versionPath('beta', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.85 } }) },
      'promote beta',
    );
    const later = tempDir('catalog-b-');
    const registry = await Registry.open(dir);
    await buildCatalogIncrementally(registry, await registry.at('HEAD'), later, {
      repositoryUrl: REPO_URL,
      now: new Date('2027-01-01T00:00:00Z'),
    });
    expect(readFileSync(join(later, 'models/alpha/index.html')).equals(before)).toBe(true);
  }, 60_000);
});
