import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../src/findings.js';
import { Registry } from '../src/registry/registry.js';
import { GitTreeSource } from '../src/snapshot/git-tree-source.js';
import { forgetParsedFiles } from '../src/snapshot/registry-snapshot.js';
import { WorktreeSource } from '../src/snapshot/worktree-source.js';
import { validateSnapshot } from '../src/validate/validate-snapshot.js';
import { readCommonSubsetFirst } from '../src/yaml/yaml-file.js';
import { DIGEST_B, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { createRepo, git, writeFiles } from './helpers/temp-repo.js';

/**
 * A registry holding every kind of finding a full validation reports, most of
 * them in files the common-subset reader accepts (so positions come from the
 * syntax tree built later), some in files only the full parser reads.
 */
function everyKindOfFinding(): string {
  const files: Record<string, string> = {
    'registry.yaml': templatePolicy(),
    'models/stray.yaml': 'not a model directory\n',
    'models/ok/model.yaml': modelYaml('ok'),
    [versionPath('ok', '1.0.0')]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    // Schema and rule findings in subset-readable files.
    'models/schema/model.yaml': modelYaml('schema', 'tags: nope\n'),
    [versionPath('schema', '1.0.0')]: versionYaml('1.0.0', { stage: 'nowhere' }),
    [versionPath('schema', '1.1.0')]: versionYaml('1.2.0'),
    [versionPath('schema', '1.3.0')]: versionYaml('1.3.0', { extra: 'x-note: kept\nunknown_key: 1\n' }),
    'models/named/model.yaml': modelYaml('other-name'),
    // Two production holders of an exclusive stage; the same digest twice.
    'models/exclusive/model.yaml': modelYaml('exclusive'),
    [versionPath('exclusive', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    [versionPath('exclusive', '1.1.0')]: versionYaml('1.1.0', { stage: 'production' }),
    [versionPath('exclusive', '1.2.0')]: versionYaml('1.2.0', { digest: DIGEST_B }),
    // YAML-level findings: only the full parser reads these.
    'models/yaml/model.yaml': modelYaml('yaml', 'description: on\n'),
    [versionPath('yaml', '1.0.0')]: versionYaml('1.0.0', { extra: 'params:\n  mode: 0755\n  size: 1_000\n' }),
    [versionPath('yaml', '1.1.0')]: versionYaml('1.1.0', { extra: 'params:\n  a: 1\n  a: 2\n' }),
    [versionPath('yaml', '1.2.0')]: 'version: 1.2.0\nstage: [unclosed\n',
    [versionPath('yaml', '1.3.0')]: versionYaml('1.3.0', { extra: 'params:\n  __proto__: 1\n' }),
    [versionPath('yaml', '1.4.0')]: versionYaml('1.4.0', { extra: 'description: "bell \\a here"\n' }),
    [versionPath('yaml', '1.5.0')]: versionYaml('1.5.0', { extra: 'description: hidden \u202e text\n' }),
    [versionPath('yaml', '1.6.0')]: versionYaml('1.6.0', { extra: '? [a]\n: 1\n' }),
    [versionPath('yaml', '1.7.0')]: `${versionYaml('1.7.0')}---\nversion: 2\n`,
    [versionPath('yaml', '1.8.0')]: versionYaml('1.8.0', { extra: 'description: !custom x\n' }),
    [versionPath('yaml', '1.9.0')]: 'version: 1.9.0\nstage: development\nnotes: |\n  a block\n  scalar\n',
    [versionPath('yaml', 'v2')]: versionYaml('2.0.0'),
    // Names differing only in case.
    'models/Case/model.yaml': modelYaml('Case'),
    'models/case/model.yaml': modelYaml('case'),
    [versionPath('case', '1.0.0')]: versionYaml('1.0.0'),
    'models/case/Versions/1.0.0.yaml': versionYaml('1.0.0'),
  };
  for (let i = 0; i < 20; i++) {
    files[`models/m${i}/model.yaml`] = modelYaml(`m${i}`);
    files[versionPath(`m${i}`, '1.0.0')] = versionYaml('1.0.0', { stage: i % 5 === 0 ? 'nowhere' : 'staging' });
  }
  return createRepo(files);
}

/** The reference: every file of the working tree read and parsed afresh, with syntax trees, no cache. */
async function reference(dir: string): Promise<Finding[]> {
  forgetParsedFiles();
  readCommonSubsetFirst(false);
  try {
    return [...(await validateSnapshot(new WorktreeSource(dir))).findings];
  } finally {
    readCommonSubsetFirst(true);
    forgetParsedFiles();
  }
}

/** What `modelreg validate --all` reports on the working tree (git status, HEAD's tree ids, the per-model cache). */
async function validateAll(dir: string): Promise<Finding[]> {
  return [...(await (await Registry.open(dir)).validate({ all: true })).findings];
}

const dropCache = (dir: string) => {
  rmSync(join(dir, '.git', 'modelreg'), { recursive: true, force: true });
  forgetParsedFiles();
};

describe('full validation: fast paths give byte-identical findings', () => {
  afterEach(() => readCommonSubsetFirst(true));

  it('with and without the common-subset reader, on a commit holding every kind of finding', async () => {
    const dir = everyKindOfFinding();
    const registry = await Registry.open(dir);
    const head = await GitTreeSource.atCommit(registry.git, await registry.git.resolveCommit('HEAD'));
    forgetParsedFiles();
    const fast = await validateSnapshot(head);
    forgetParsedFiles();
    readCommonSubsetFirst(false);
    const full = await validateSnapshot(head);
    forgetParsedFiles();
    expect(JSON.stringify(fast.findings)).toBe(JSON.stringify(full.findings));
    const codes = new Set(full.findings.map((f) => f.code));
    for (const code of ['CONTROL_CHARACTER', 'YAML_AMBIGUOUS_SCALAR', 'RESERVED_NAME', 'PATH_CASE_COLLISION', 'YAML_DUPLICATE_KEY', 'YAML_SYNTAX', 'YAML_COMPLEX_KEY', 'YAML_MULTIPLE_DOCUMENTS', 'YAML_WARNING', 'MODEL_NAME_MISMATCH', 'VERSION_NAME_MISMATCH']) {
      expect(codes, code).toContain(code);
    }
    expect(full.findings.length).toBeGreaterThan(25);
  });

  it('the working tree, cold and warm, after every kind of change, equals reading every file afresh', async () => {
    const dir = everyKindOfFinding();
    const check = async () => {
      const expected = JSON.stringify(await reference(dir));
      expect(JSON.stringify(await validateAll(dir)), 'warm').toBe(expected);
      expect(JSON.stringify(await validateAll(dir)), 'warm again').toBe(expected);
      dropCache(dir);
      expect(JSON.stringify(await validateAll(dir)), 'cold').toBe(expected);
    };
    await check();
    // Modified (a finding appears, another goes), added, deleted, untracked model, renamed model directory.
    writeFiles(dir, {
      [versionPath('m1', '1.0.0')]: versionYaml('1.0.0', { stage: 'nowhere' }),
      [versionPath('m0', '1.0.0')]: versionYaml('1.0.0', { stage: 'staging' }),
      [versionPath('ok', '1.1.0')]: versionYaml('1.1.0', { stage: 'production', metrics: { auc: 0.5 } }),
      'models/fresh/model.yaml': modelYaml('fresh', 'description: yes\n'),
      [versionPath('fresh', '0.1.0')]: versionYaml('0.1.0'),
    });
    rmSync(join(dir, versionPath('m2', '1.0.0')));
    renameSync(join(dir, 'models/m3'), join(dir, 'models/m3-renamed'));
    await check();
    // Staged, then edited back: git status names it, nothing changed.
    writeFileSync(join(dir, versionPath('m4', '1.0.0')), versionYaml('1.0.0', { stage: 'production' }));
    git(dir, 'add', versionPath('m4', '1.0.0'));
    writeFileSync(join(dir, versionPath('m4', '1.0.0')), versionYaml('1.0.0', { stage: 'staging' }));
    // A model file replaced by a directory, a registry.yaml edit that changes every model's policy.
    rmSync(join(dir, 'models/m5/model.yaml'));
    writeFiles(dir, { 'models/m5/model.yaml/inner.yaml': 'a: 1\n', 'registry.yaml': `${templatePolicy()}x-extra: 1\n` });
    await check();
    // Everything committed: the working tree is HEAD again.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'all of it');
    await check();
  });
});
