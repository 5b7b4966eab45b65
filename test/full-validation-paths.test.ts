import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../src/domain/findings.js';
import { Registry } from '../src/registry/registry.js';
import { GitTreeSource } from '../src/snapshot/git-tree-source.js';
import type { SnapshotSource, TreeEntry } from '../src/snapshot/snapshot-source.js';
import { WorktreeOverCommit } from '../src/snapshot/worktree-over-commit.js';
import { WorktreeSource } from '../src/snapshot/worktree-source.js';
import { useParallelSettings, workerThreadsStarted } from '../src/validate/parallel-models.js';
import { validateSnapshot } from '../src/validate/validate-snapshot.js';
import { readCommonSubsetFirst } from '../src/yaml/yaml-file.js';
import { DIGEST_B, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
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

/** The reference: every file of the working tree read and parsed afresh (a source of its own), with syntax trees, no cache. */
async function reference(dir: string): Promise<Finding[]> {
  readCommonSubsetFirst(false);
  try {
    return [...(await validateSnapshot(new WorktreeSource(dir))).findings];
  } finally {
    readCommonSubsetFirst(true);
  }
}

/** What `modelreg validate --all` reports on the working tree (git status, HEAD's tree ids, the per-model cache), as a new process would. */
async function validateAll(dir: string): Promise<Finding[]> {
  return [...(await (await Registry.open(dir)).validate({ all: true })).findings];
}

const dropCache = (dir: string) => rmSync(join(dir, '.git', 'modelreg'), { recursive: true, force: true });

describe('full validation: fast paths give byte-identical findings', () => {
  afterEach(() => readCommonSubsetFirst(true));

  it('with and without the common-subset reader, on a commit holding every kind of finding', async () => {
    const dir = everyKindOfFinding();
    const registry = await Registry.open(dir);
    const head = await GitTreeSource.atCommit(registry.git, await registry.git.resolveCommit('HEAD'));
    const fast = await validateSnapshot(head);
    head.parsedFiles.forget();
    readCommonSubsetFirst(false);
    const full = await validateSnapshot(head);
    expect(JSON.stringify(fast.findings)).toBe(JSON.stringify(full.findings));
    const codes = new Set(full.findings.map((f) => f.code));
    for (const code of [
      'CONTROL_CHARACTER',
      'YAML_AMBIGUOUS_SCALAR',
      'RESERVED_NAME',
      'PATH_CASE_COLLISION',
      'YAML_DUPLICATE_KEY',
      'YAML_SYNTAX',
      'YAML_COMPLEX_KEY',
      'YAML_MULTIPLE_DOCUMENTS',
      'YAML_WARNING',
      'MODEL_NAME_MISMATCH',
      'VERSION_NAME_MISMATCH',
    ]) {
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
    writeFiles(dir, {
      'models/m5/model.yaml/inner.yaml': 'a: 1\n',
      'registry.yaml': `${templatePolicy()}x-extra: 1\n`,
    });
    await check();
    // Everything committed: the working tree is HEAD again.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'all of it');
    await check();
  });
});

/** The working tree on disk, counting how often each directory is read (a real WorktreeSource underneath). */
class CountedWorktree extends WorktreeSource {
  readonly listed = new Map<string, number>();
  override list(dir: string): Promise<readonly TreeEntry[] | undefined> {
    this.listed.set(dir, (this.listed.get(dir) ?? 0) + 1);
    return super.list(dir);
  }
}

describe('full validation of the working tree over HEAD', () => {
  it('reads each directory from disk once, still seeing what git status cannot (empty directories)', async () => {
    const dir = everyKindOfFinding();
    // Git status names none of these: an empty directory beside an unchanged model's versions, and an empty model.
    mkdirSync(join(dir, 'models/m6/versions/drafts'));
    mkdirSync(join(dir, 'models/empty'));
    writeFiles(dir, { [versionPath('m1', '1.0.0')]: versionYaml('1.0.0', { stage: 'nowhere' }) });
    const registry = await Registry.open(dir);
    const head: SnapshotSource = await GitTreeSource.atCommit(
      registry.git,
      await registry.git.resolveCommit('HEAD'),
      'HEAD',
      '',
      registry.parsedFiles,
    );
    const counted = new CountedWorktree(dir, registry.parsedFiles);
    const changed = (await registry.git.worktreeChanges(['registry.yaml', 'models']))!;
    expect(changed).toEqual([versionPath('m1', '1.0.0')]);
    const report = await validateSnapshot(new WorktreeOverCommit(counted, head, changed));
    expect(JSON.stringify(report.findings)).toBe(JSON.stringify(await reference(dir)));
    // The empty model directory is on disk only: a listing from HEAD would not have it.
    expect(report.models).toContain('empty');
    const readTwice = [...counted.listed].filter(([, count]) => count > 1);
    expect(readTwice).toEqual([]);
    expect(counted.listed.get('models/m6/versions')).toBe(1);
  });
});

describe('whole-registry commands on worker threads give what one thread gives', () => {
  afterEach(() => useParallelSettings(undefined));
  const oneThread = () => useParallelSettings({ minModels: 0, workers: 0 });
  const onWorkers = () => useParallelSettings({ minModels: 0, workers: 2 });

  /** Runs `commands` cold (no .git/modelreg) then warm, with the cache file each leaves behind. */
  async function outputs(dir: string, cacheName: string, commands: string[][]) {
    const results: unknown[] = [];
    for (const args of commands) {
      dropCache(dir);
      results.push(await runCli(dir, args));
      results.push(readFileSync(join(dir, '.git', 'modelreg', `${cacheName}.json`), 'utf8'));
      results.push(await runCli(dir, args));
    }
    return results;
  }

  it('validate --all, at a commit and in the working tree, cold and warm: the same findings and the same cache file', async () => {
    const dir = everyKindOfFinding();
    // An uncommitted change, so the working tree is read through git status and HEAD's tree ids.
    writeFiles(dir, {
      [versionPath('m1', '1.0.0')]: versionYaml('1.0.0', { stage: 'nowhere' }),
      'models/fresh/model.yaml': modelYaml('fresh'),
    });
    const commands = [
      ['validate', '--all', '--head', 'HEAD'],
      ['validate', '--all', '--format', 'json'],
    ];
    oneThread();
    const serial = await outputs(dir, 'full-validation', commands);
    onWorkers();
    const started = workerThreadsStarted();
    const parallel = await outputs(dir, 'full-validation', commands);
    expect(workerThreadsStarted() - started, 'worker threads started').toBeGreaterThanOrEqual(2);
    expect(parallel).toEqual(serial);
    expect(JSON.stringify(serial)).toContain('YAML_DUPLICATE_KEY');
  }, 60_000);

  it('list: the same rows and cache file; on an invalid entry, the same rows printed before the same error', async () => {
    const files: Record<string, string> = { 'registry.yaml': templatePolicy() };
    for (let i = 0; i < 40; i++) {
      files[`models/m${i}/model.yaml`] = modelYaml(`m${i}`);
      for (const version of ['1.0.0', '1.1.0'])
        files[versionPath(`m${i}`, version)] = versionYaml(version, { stage: i % 3 === 0 ? 'staging' : 'development' });
    }
    const valid = createRepo(files);
    // Two invalid entries in one batch of eight models, after two whole batches; the first in name order is reported.
    const invalid = createRepo({
      ...files,
      [versionPath('m25', '1.1.0')]: 'version: 1.1.0\nstage: [unclosed\n',
      [versionPath('m27', '1.0.0')]: 'version: 1.0.0\n',
    });
    const run = async () => [
      ...(await outputs(valid, 'list', [
        ['list', '--json'],
        ['list', '--stage', 'staging'],
      ])),
      await runCli(invalid, ['list', '--json']),
    ];
    oneThread();
    const serial = await run();
    onWorkers();
    const started = workerThreadsStarted();
    const parallel = await run();
    expect(workerThreadsStarted() - started, 'worker threads started').toBeGreaterThanOrEqual(4);
    expect(parallel).toEqual(serial);
    const refused = serial.at(-1) as { code: number; stdout: string; stderr: string };
    expect(refused.stderr).toContain('INVALID_ENTRY');
    // Some batches were printed before the invalid model's.
    expect(refused.stderr).toContain('models/m25/versions/1.1.0.yaml');
    // Name order m0, m1, m10 … m19, m2, m20 …: m25 and m27 are in the third batch.
    expect(refused.stdout).toContain('"model": "m22"');
    expect(refused.stdout).not.toContain('"model": "m23"');
  }, 60_000);
});
