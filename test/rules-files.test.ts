import { describe, expect, it } from 'vitest';
/**
 * File, layout and policy rules. The rules are judged in memory (memory-registry.ts); what only a
 * repository shows (a symlink's mode, native git's diff, a first commit) and one agreement check
 * between the two go through real commits.
 */
import { modelYaml, versionPath, versionYaml } from './helpers/fixtures.js';
import { validateInMemory } from './helpers/memory-registry.js';
import { summarize, validateChangeBetween } from './helpers/scenario.js';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from '../src/registry/registry.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';
import { templatePolicy } from './helpers/fixtures.js';

const base = { 'models/fraud/model.yaml': modelYaml('fraud'), [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0') };
const v110 = versionPath('fraud', '1.1.0');

describe('schema findings carry the exact line and column', () => {
  it('passes a well-formed new version', async () => {
    const report = await validateInMemory(base, { [v110]: versionYaml('1.1.0') });
    expect(summarize(report)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('asks to quote a commit id that YAML read as a number', async () => {
    const extra =
      'lineage:\n  code:\n    repo: https://github.com/acme/fraud\n    commit: 1234567890123456789012345678901234567890\n';
    const report = await validateInMemory(base, { [v110]: versionYaml('1.1.0', { extra }) });
    expect(summarize(report)).toEqual([`YAML_QUOTE_REQUIRED ${v110}:12:13`]);
    expect(report.findings[0]!.hint).toMatch(/quotes/);
  });

  it('asks to quote a version that YAML read as a number', async () => {
    const text = versionYaml('1.1.0').replace('version: 1.1.0', 'version: 1.10');
    const report = await validateInMemory(base, { [v110]: text });
    expect(summarize(report)).toEqual([`YAML_QUOTE_REQUIRED ${v110}:1:10`]);
  });

  it('rejects a malformed digest at its value', async () => {
    const report = await validateInMemory(base, { [v110]: versionYaml('1.1.0', { digest: 'md5:abc' }) });
    expect(summarize(report)).toEqual([`SCHEMA_INVALID ${v110}:8:13`]);
    expect(report.findings[0]!.message).toContain('sha256');
  });

  it('reports a missing required field at the mapping that should hold it', async () => {
    const text = versionYaml('1.1.0').replace('created_by: alice@example.com\n', '');
    const report = await validateInMemory(base, { [v110]: text });
    expect(summarize(report)).toEqual([`SCHEMA_REQUIRED ${v110}:1:1`]);
    expect(report.findings[0]!.message).toContain('created_by');
  });

  it('warns about unknown keys, keeps them, and does not fail', async () => {
    const report = await validateInMemory(base, { [v110]: versionYaml('1.1.0', { extra: 'team_notes: hi\n' }) });
    expect(summarize(report)).toEqual([`UNKNOWN_KEY ${v110}:9:1`]);
    expect(report.ok).toBe(true);
  });

  it('requires the version field to match the file name', async () => {
    const report = await validateInMemory(base, { [v110]: versionYaml('1.2.0') });
    expect(summarize(report)).toEqual([`VERSION_NAME_MISMATCH ${v110}:1:10`]);
  });

  it('requires model.yaml name to match its directory', async () => {
    const report = await validateInMemory({}, { 'models/churn/model.yaml': modelYaml('churn2') });
    expect(summarize(report)).toEqual(['MODEL_NAME_MISMATCH models/churn/model.yaml:1:7']);
  });

  it('requires owners in model.yaml', async () => {
    const report = await validateInMemory({}, { 'models/churn/model.yaml': 'name: churn\nowners: []\n' });
    expect(summarize(report)).toEqual(['SCHEMA_INVALID models/churn/model.yaml:2:9']);
  });

  it('reports a non-UTF-8 or oversized version file as a finding, not a crash', async () => {
    const latin1 = Buffer.concat([Buffer.from(versionYaml('1.1.0')), Buffer.from([0x23, 0x20, 0xe9, 0x0a])]);
    const report = await validateInMemory(base, {
      [v110]: latin1,
      [versionPath('fraud', '1.2.0')]: `${versionYaml('1.2.0')}#${'x'.repeat(300_000)}\n`,
    });
    expect(summarize(report)).toEqual([`NOT_UTF8 ${v110}:1:1`, `FILE_TOO_LARGE ${versionPath('fraud', '1.2.0')}:1:1`]);
  });

  it('reports YAML errors of a changed file with their line', async () => {
    const text = versionYaml('1.1.0') + 'stage: production\n';
    const report = await validateInMemory(base, { [v110]: text });
    expect(summarize(report)).toEqual([`YAML_DUPLICATE_KEY ${v110}:9:1`]);
  });
});

describe('layout and names', () => {
  it('rejects an invalid model directory name', async () => {
    const report = await validateInMemory({}, { 'models/Fraud Model/model.yaml': modelYaml('fraud') });
    expect(summarize(report)).toEqual(['UNEXPECTED_FILE models/Fraud Model/model.yaml:1:1']);
  });

  it('rejects a version file not named <semver>.yaml', async () => {
    const report = await validateInMemory(base, { 'models/fraud/versions/v1.1.yaml': versionYaml('1.1.0') });
    expect(summarize(report)).toEqual(['UNEXPECTED_FILE models/fraud/versions/v1.1.yaml:1:1']);
  });

  it('rejects stray files inside a model directory but allows its README', async () => {
    const report = await validateInMemory(base, {
      'models/fraud/notes.txt': 'x',
      'models/fraud/README.md': '# fraud',
    });
    expect(summarize(report)).toEqual(['UNEXPECTED_FILE models/fraud/notes.txt:1:1']);
  });

  it('rejects a symlinked version file', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy(), ...base });
    symlinkSync('1.0.0.yaml', join(dir, 'models/fraud/versions/1.1.0.yaml'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'symlink');
    const report = await (await Registry.open(dir)).validate({ base: 'HEAD~1', head: 'HEAD' });
    expect(summarize(report)).toEqual([`NOT_A_REGULAR_FILE ${v110}:1:1`]);
  });

  it('ignores files outside the catalog', async () => {
    const report = await validateInMemory(base, { 'docs/notes.md': 'hello', 'tools/x.py': 'print(1)' });
    expect(report.findings).toEqual([]);
  });

  // Through a real repository: native git's tree diff is what finds the changed files there.
  it('reads only the models a change touches', async () => {
    const others = Object.fromEntries(
      Array.from({ length: 5 }, (_, i) => [versionPath(`other${i}`, '1.0.0'), versionYaml('1.0.0')]).concat(
        Array.from({ length: 5 }, (_, i) => [`models/other${i}/model.yaml`, modelYaml(`other${i}`)]),
      ),
    );
    const report = await validateChangeBetween({ ...base, ...others }, { [v110]: versionYaml('1.1.0') });
    expect(report.models).toEqual(['fraud']);
    expect(report.changes.map((c) => c.path)).toEqual([v110]);
  });
});

describe('the policy is read from the base side', () => {
  it('judges a change that loosens transitions by the old transitions', async () => {
    const loosened = templatePolicy().replace(
      'development: [staging, archived]',
      'development: [staging, production, archived]',
    );
    const report = await validateInMemory(base, {
      'registry.yaml': loosened,
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    });
    expect(summarize(report)).toEqual([`STAGE_TRANSITION_NOT_ALLOWED ${versionPath('fraud', '1.0.0')}:2:8`]);
    expect(report.findings.map((f) => f.code)).toContain('POLICY_CHANGED');
  });

  it('reports an invalid registry.yaml in the change at its line', async () => {
    const broken = templatePolicy().replace('    exclusive: true', '    exclusive: yes please');
    const report = await validateInMemory(base, { 'registry.yaml': broken });
    const line = broken.split('\n').findIndex((l) => l.includes('yes please')) + 1;
    expect(summarize(report)).toEqual([`SCHEMA_INVALID registry.yaml:${line}:16`]);
  });

  it('reports stages registry.yaml names but does not declare', async () => {
    const broken = templatePolicy().replace('demote_to: archived', 'demote_to: attic');
    const report = await validateInMemory(base, { 'registry.yaml': broken });
    const line = broken.split('\n').findIndex((l) => l.includes('attic')) + 1;
    expect(summarize(report)).toEqual([`POLICY_UNKNOWN_STAGE registry.yaml:${line}:16`]);
  });

  it('refuses to delete registry.yaml', async () => {
    const report = await validateInMemory(base, { 'registry.yaml': null });
    expect(summarize(report)).toEqual(['POLICY_DELETED registry.yaml:1:1']);
  });

  it('judges a registry first commit by its own policy', async () => {
    const dir = createRepo({});
    commit(dir, { 'registry.yaml': templatePolicy(), ...base });
    const report = await (await Registry.open(dir)).validate({ head: 'HEAD', all: true });
    expect(report.findings).toEqual([]);
  });
});

describe('through real commits', () => {
  it('gives the in-memory findings, messages and hints included', async () => {
    const change = {
      [v110]: versionYaml('1.1.0', { digest: 'md5:abc', extra: 'team_notes: hi\n' }),
      'models/fraud/notes.txt': 'x',
    };
    const real = await validateChangeBetween(base, change);
    expect(summarize(real)).toEqual([
      'UNEXPECTED_FILE models/fraud/notes.txt:1:1',
      `SCHEMA_INVALID ${v110}:8:13`,
      `UNKNOWN_KEY ${v110}:9:1`,
    ]);
    const memory = await validateInMemory(base, change);
    expect(real.findings).toEqual(memory.findings);
    expect(real.changes).toEqual(memory.changes);
  });
});
