import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitTreeSource } from '../src/snapshot/git-tree-source.js';
import { Registry } from '../src/registry/registry.js';
import { allFiles } from '../src/validate/change-set.js';
import { runRules } from '../src/validate/validate-change.js';
import { validateSnapshot } from '../src/validate/validate-snapshot.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo } from './helpers/temp-repo.js';

/** A registry with problems in several models, a stray file and a bad registry.yaml key. */
function brokenRegistry(): string {
  const files: Record<string, string> = {
    'registry.yaml': `${templatePolicy()}x-unknown: 1\n`,
    'models/stray.yaml': 'not a model directory\n',
    'models/fraud/model.yaml': modelYaml('fraud'),
    [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'production', extra: 'x-note: kept\n' }),
    'models/churn/model.yaml': modelYaml('churn'),
    [versionPath('churn', '1.0.0')]: 'version: 1.0.0\nstage: [unclosed\n',
  };
  // Enough models for several batches.
  for (let i = 0; i < 40; i++) {
    files[`models/m${i}/model.yaml`] = modelYaml(`m${i}`);
    files[versionPath(`m${i}`, '1.0.0')] = versionYaml('1.0.0', { stage: i % 7 === 0 ? 'nowhere' : 'staging' });
  }
  return createRepo(files);
}

const fullJson = ['validate', '--all', '--head', 'HEAD', '--format', 'json'];

describe('whole-registry commands: model by model, with per-model results kept by tree id', () => {
  it('full validation model by model finds exactly what validating every file at once finds', async () => {
    const dir = brokenRegistry();
    const registry = await Registry.open(dir);
    const head = await GitTreeSource.atCommit(registry.git, await registry.git.resolveCommit('HEAD'));
    const everything = await runRules({
      mode: 'full',
      base: {
        label: 'nothing',
        list: async () => undefined,
        entry: async () => undefined,
        read: async () => undefined,
      },
      head,
      changes: await allFiles(head),
    });
    const streamed = await validateSnapshot(head);
    expect(streamed.findings).toEqual(everything.findings);
    expect(streamed.ok).toBe(false);
    expect(new Set(streamed.findings.map((f) => f.file.split('/').slice(0, 2).join('/')))).toEqual(
      new Set([
        'registry.yaml',
        'models/stray.yaml',
        'models/fraud',
        'models/churn',
        'models/m0',
        'models/m14',
        'models/m21',
        'models/m28',
        'models/m35',
        'models/m7',
      ]),
    );
  });

  it('gives the same answers cold, warm, and with a corrupt cache file', async () => {
    const dir = brokenRegistry();
    const cold = await runCli(dir, fullJson);
    expect(cold.code).toBe(1);
    expect(readdirSync(join(dir, '.git', 'modelreg'))).toContain('full-validation.json');
    expect(await runCli(dir, fullJson)).toEqual(cold);
    writeFileSync(join(dir, '.git', 'modelreg', 'full-validation.json'), '{"format": "x", "entries": ');
    expect(await runCli(dir, fullJson)).toEqual(cold);

    const good = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    });
    const list = await runCli(good, ['list', '--json']);
    expect(existsSync(join(good, '.git', 'modelreg', 'list.json'))).toBe(true);
    expect(await runCli(good, ['list', '--json'])).toEqual(list);
    writeFileSync(join(good, '.git', 'modelreg', 'list.json'), 'garbage');
    expect(await runCli(good, ['list', '--json'])).toEqual(list);
  });

  it('re-checks a model whose files changed and keeps the answers of the others', async () => {
    const dir = brokenRegistry();
    await runCli(dir, fullJson);
    await runCli(dir, ['list', '--json', '--model', 'm1']);
    commit(dir, {
      [versionPath('m1', '1.0.0')]: versionYaml('1.0.0', { stage: 'nowhere' }),
      [versionPath('churn', '1.0.0')]: versionYaml('1.0.0'),
    });
    const warm = JSON.parse((await runCli(dir, fullJson)).stdout) as { findings: { file: string }[] };
    const files = warm.findings.map((f) => f.file);
    expect(files).toContain(versionPath('m1', '1.0.0'));
    expect(files).not.toContain(versionPath('churn', '1.0.0'));
    // The same as a run without any cache.
    writeFileSync(join(dir, '.git', 'modelreg', 'full-validation.json'), '');
    expect(JSON.parse((await runCli(dir, fullJson)).stdout)).toEqual(warm);
  });

  it('answers lineage --uses the same with a cold, warm or corrupt parse cache', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', {
        extra: 'lineage:\n  data:\n    - uri: s3://data/train-2026\n',
      }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0'),
    });
    const args = ['lineage', '--uses', 's3://data/train-2026', '--format', 'json'];
    const cold = await runCli(dir, args);
    expect(cold.code).toBe(0);
    expect(cold.stdout).toContain('1.0.0');
    expect(cold.stdout).not.toContain('1.1.0');
    const cache = join(dir, '.git', 'modelreg', 'parse-cache.json');
    expect(existsSync(cache)).toBe(true);
    expect(await runCli(dir, args)).toEqual(cold);
    writeFileSync(cache, '{"format": ');
    expect(await runCli(dir, args)).toEqual(cold);
  });

  it("builds the catalog without the whole-registry parse cache: none is written, another command's is left as it was", async () => {
    // An incremental catalog build reads only changed models, and a full one parses each file once or twice:
    // keeping every parsed file for a cache held the whole registry in memory, and the next build loaded it whole.
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', {
        extra: 'lineage:\n  data:\n    - uri: s3://data/train-2026\n',
      }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0'),
    });
    const cache = join(dir, '.git', 'modelreg', 'parse-cache.json');
    const out = join(dir, '..', 'site');
    expect((await runCli(dir, ['catalog', 'build', '--out', out])).code).toBe(0);
    expect(existsSync(join(out, 'models', 'fraud', '1.1.0.html'))).toBe(true);
    expect(existsSync(cache)).toBe(false);
    expect((await runCli(dir, ['lineage', '--uses', 's3://data/train-2026'])).code).toBe(0);
    const lineageCache = readFileSync(cache);
    commit(dir, { [versionPath('fraud', '1.2.0')]: versionYaml('1.2.0') });
    expect((await runCli(dir, ['catalog', 'build', '--out', out])).code).toBe(0);
    expect(existsSync(join(out, 'models', 'fraud', '1.2.0.html'))).toBe(true);
    expect(readFileSync(cache).equals(lineageCache)).toBe(true);
  });

  it('streams list --json with exactly the bytes of one JSON document', async () => {
    const files: Record<string, string> = { 'registry.yaml': templatePolicy() };
    for (let i = 0; i < 30; i++) {
      files[`models/m${String(i).padStart(2, '0')}/model.yaml`] = modelYaml(`m${String(i).padStart(2, '0')}`);
      files[versionPath(`m${String(i).padStart(2, '0')}`, '1.0.0')] = versionYaml('1.0.0', {
        stage: i % 3 === 0 ? 'production' : 'staging',
      });
    }
    const dir = createRepo(files);
    for (const args of [
      ['list', '--json'],
      ['list', '--json', '--stage', 'production'],
      ['list', '--json', '--stage', 'archived'],
    ]) {
      const result = await runCli(dir, args);
      const rows = JSON.parse(result.stdout) as unknown[];
      expect(result.stdout).toBe(`${JSON.stringify(rows, null, 2)}\n`);
    }
    expect(JSON.parse((await runCli(dir, ['list', '--json'])).stdout)).toHaveLength(30);
    expect((await runCli(dir, ['list', '--json', '--stage', 'archived'])).stdout).toBe('[]\n');
  });

  it("list reads each model's versions, and its model.yaml only when it has none", async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      // An invalid model.yaml does not stop its versions from being listed (as before).
      'models/churn/model.yaml': 'name: [unclosed\n',
      [versionPath('churn', '1.0.0')]: versionYaml('1.0.0'),
      'models/fresh/model.yaml': modelYaml('fresh'),
    });
    const registry = await Registry.open(dir);
    const view = await registry.at('HEAD');
    const rows = await view.list();
    expect(rows.map((r) => `${r.model}@${r.version}`)).toEqual(['churn@1.0.0', 'fraud@1.0.0']);
    const parsedModelFile = async (model: string) => {
      const path = `models/${model}/model.yaml`;
      const id = (await view.source.entry(path))!.id!;
      return registry.parsedFiles.get(`model\0${path}\0${id}`, path, id) !== undefined;
    };
    expect(await parsedModelFile('fraud')).toBe(false);
    expect(await parsedModelFile('churn')).toBe(false);
    // A model without versions: its model.yaml says it exists.
    expect(await parsedModelFile('fresh')).toBe(true);
    expect(await view.versions('fresh')).toEqual([]);
    await expect(view.versions('gone')).rejects.toThrow(/gone/);
  });
});
