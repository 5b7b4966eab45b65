/**
 * A registry in a directory of a repository that holds other things too
 * (issue 10 §2): every command acts on the registry at the path it was given,
 * names files as the repository does, and refuses where there is no registry.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRegistry } from '../src/index.js';
import { codeOwnersIn, workflowFor } from '../src/registry/template-in-subdirectory.js';
import { DIGEST_A, DIGEST_B } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, emptyRepo } from './helpers/temp-repo.js';

const UNRELATED = { 'README.md': '# The ML platform\n', 'app/serve.py': 'print("serving")\n' };

/** An application repository with a registry created by `modelreg init registry` in it. */
async function appRepositoryWithRegistry(): Promise<string> {
  const repo = createRepo(UNRELATED, 'the application');
  const init = await runCli(repo, ['init', 'registry']);
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
  return repo;
}

function state(repo: string) {
  return {
    head: git(repo, 'rev-parse', 'HEAD'),
    branches: git(repo, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads'),
    status: git(repo, 'status', '--porcelain', '--untracked-files=all', '--ignored'),
  };
}

function register(version: string, extra: string[] = []): string[] {
  return [
    'register',
    'fraud',
    '--registry',
    'registry',
    '--version',
    version,
    '--artifact',
    `model=s3://m/fraud/${version}.onnx`,
    '--digest',
    `model=${DIGEST_A}`,
    ...extra,
  ];
}

describe('a registry in a directory of its repository', () => {
  it('init commits the registry into that directory, with workflows at the top that pass registry-path', async () => {
    const repo = await appRepositoryWithRegistry();
    expect(git(repo, 'log', '--format=%s')).toBe('init: modelreg registry\nthe application');
    const files = git(repo, 'ls-files').split('\n');
    expect(files).toContain('registry/registry.yaml');
    expect(files).toContain('registry/schemas/version.schema.json');
    expect(files).toContain('.github/workflows/modelreg.yml');
    expect(files).not.toContain('registry.yaml');
    expect(files).not.toContain('registry/.github/workflows/modelreg.yml');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    const workflow = readFileSync(join(repo, '.github/workflows/modelreg.yml'), 'utf8');
    expect(workflow.match(/registry-path: registry/g)).toHaveLength(2);
    expect(readFileSync(join(repo, '.github/workflows/promote.yml'), 'utf8')).toContain(
      'uses: modelreg/modelreg/actions/promote@v1\n        with:\n          registry-path: registry\n          model: ${{ inputs.model }}\n',
    );
    expect(readFileSync(join(repo, '.github/workflows/promote-to-registry.yml'), 'utf8')).toContain(
      'run: npx --yes modelreg@1 promote --registry registry "$MODEL@$VERSION" --to-registry "$TARGET"',
    );
    expect(readFileSync(join(repo, '.github/CODEOWNERS'), 'utf8')).toContain(
      '/registry/registry.yaml @your-org/ml-platform',
    );
  });

  it('register → validate → promote → resolve → history, all in registry/', async () => {
    const repo = await appRepositoryWithRegistry();
    const first = await runCli(repo, register('1.0.0', ['--owner', 'alice']));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(git(repo, 'show', '--format=', '--name-only', 'HEAD').split('\n').sort()).toEqual([
      'registry/models/fraud/model.yaml',
      'registry/models/fraud/versions/1.0.0.yaml',
    ]);
    expect(existsSync(join(repo, 'models'))).toBe(false);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect((await runCli(repo, register('1.1.0'))).code).toBe(0);

    // An invalid edit in registry/ is caught, and named as the repository names it.
    const v100 = join(repo, 'registry/models/fraud/versions/1.0.0.yaml');
    const committed = readFileSync(v100, 'utf8');
    writeFileSync(v100, committed.replace(DIGEST_A, DIGEST_B));
    const invalid = await runCli(repo, ['validate', '--registry', 'registry']);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toMatch(/^registry\/models\/fraud\/versions\/1\.0\.0\.yaml:\d+:\d+: error IMMUTABLE_FIELD/m);
    const asGitHub = await runCli(join(repo, 'registry', 'models'), ['validate', '--format', 'github']);
    expect(asGitHub.stdout).toContain('file=registry/models/fraud/versions/1.0.0.yaml');
    writeFileSync(v100, committed);
    expect((await runCli(repo, ['validate', '--registry', 'registry'])).code).toBe(0);

    for (const stage of ['staging', 'production']) {
      const promoted = await runCli(repo, [
        'promote',
        'fraud@1.1.0',
        '--to',
        stage,
        '--here',
        '--registry',
        'registry',
      ]);
      expect(promoted.stderr).toBe('');
      expect(promoted.code).toBe(0);
    }
    expect(git(repo, 'show', '--format=', '--name-only', 'HEAD')).toBe('registry/models/fraud/versions/1.1.0.yaml');

    const resolved = await runCli(repo, ['resolve', 'fraud@production', '--registry', 'registry', '--json']);
    expect(resolved.code).toBe(0);
    expect(JSON.parse(resolved.stdout).version).toBe('1.1.0');
    // From inside the registry, without --registry: the nearest registry.yaml above.
    const fromInside = await runCli(join(repo, 'registry', 'models', 'fraud'), [
      'resolve',
      'fraud@staging',
      '--at',
      'HEAD~1',
      '--json',
    ]);
    expect(JSON.parse(fromInside.stdout).version).toBe('1.1.0');

    for (const native of ['1', '0']) {
      process.env.MODELREG_NATIVE_GIT = native;
      try {
        const history = await runCli(repo, ['history', 'fraud', '--registry', 'registry', '--format', 'json']);
        expect(history.code).toBe(0);
        expect(
          JSON.parse(history.stdout).map(
            (e: { version: string; type: string; to: string }) => `${e.type} ${e.version} ${e.to}`,
          ),
        ).toEqual([
          'promote 1.1.0 production',
          'promote 1.1.0 staging',
          'register 1.1.0 development',
          'register null null',
          'register 1.0.0 development',
        ]);
        const lineage = await runCli(repo, ['lineage', 'fraud@1.1.0', '--registry', 'registry', '--format', 'json']);
        expect(JSON.parse(lineage.stdout).stages.map((s: { stage: string }) => s.stage)).toEqual([
          'development',
          'staging',
          'production',
        ]);
      } finally {
        delete process.env.MODELREG_NATIVE_GIT;
      }
    }
    const rollback = await runCli(repo, ['rollback', 'fraud', '--here', '--registry', 'registry']);
    expect(rollback.stderr).toBe('');
    expect(git(repo, 'show', '--format=', '--name-only', 'HEAD')).toBe('registry/models/fraud/versions/1.1.0.yaml');

    const library = await openRegistry({ dir: join(repo, 'registry') });
    expect((await library.resolve('fraud@staging')).version).toBe('1.1.0');
  });

  it('refuses a change that would break the contract, naming the repository path', async () => {
    const repo = await appRepositoryWithRegistry();
    const refused = await runCli(repo, register('1.0.0', ['--owner', 'alice', '--stage', 'production']));
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('registry/models/fraud/versions/1.0.0.yaml');
  });
});

describe('where there is no registry', () => {
  const message = /not a modelreg registry: no registry\.yaml in .* \((at|in) [^)]*\); run `modelreg init`/;
  const commands: readonly (readonly string[])[] = [
    ['list'],
    ['show', 'fraud'],
    ['resolve', 'fraud@production'],
    ['history'],
    ['history', 'fraud'],
    ['audit'],
    ['lineage', 'fraud@1.0.0'],
    ['lineage', '--uses', 's3://data/x'],
    ['compare', 'fraud', '1.0.0', '1.1.0'],
    ['docs'],
    ['docs', '--check'],
    ['catalog', 'build', '--out', 'site'],
    ['validate'],
    ['validate', '--all'],
    ['validate', '--base', 'HEAD~1', '--head', 'HEAD'],
    ['list', '--at', 'HEAD~1'],
    [
      'register',
      'fraud',
      '--version',
      '1.0.0',
      '--owner',
      'alice',
      '--artifact',
      'model=s3://m/a.onnx',
      '--digest',
      `model=${DIGEST_A}`,
    ],
    [
      'register',
      'fraud',
      '--version',
      '1.0.0',
      '--owner',
      'alice',
      '--artifact',
      'model=s3://m/a.onnx',
      '--digest',
      `model=${DIGEST_A}`,
      '--no-commit',
    ],
    ['promote', 'fraud@1.0.0', '--to', 'staging', '--here'],
    ['promote', 'fraud@1.0.0', '--to', 'staging'],
    ['rollback', 'fraud', '--here'],
    ['deprecate', 'fraud@1.0.0', '--reason', 'leak', '--here'],
  ];

  it('every command refuses in a repository without registry.yaml, and changes nothing', async () => {
    const repo = createRepo(UNRELATED, 'the application');
    commit(repo, { 'app/serve.py': 'print("v2")\n' }, 'more application');
    const before = state(repo);
    for (const args of commands) {
      const result = await runCli(repo, [...args]);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
      expect(state(repo)).toEqual(before);
    }
  });

  it('a registry in registry/ is not read from the top without --registry, nor at a path that is not it', async () => {
    const repo = await appRepositoryWithRegistry();
    expect((await runCli(repo, register('1.0.0', ['--owner', 'alice']))).code).toBe(0);
    const before = state(repo);
    const fromTop = await runCli(repo, ['resolve', 'fraud@development']);
    expect(fromTop.code).toBe(2);
    expect(fromTop.stderr).toContain(`no registry.yaml in ${repo} (at HEAD)`);
    const wrongPath = await runCli(repo, [
      'register',
      'fraud',
      '--registry',
      'app',
      '--version',
      '2.0.0',
      '--artifact',
      'model=s3://m/a.onnx',
      '--digest',
      `model=${DIGEST_A}`,
    ]);
    expect(wrongPath.code).toBe(2);
    expect(wrongPath.stderr).toContain(`no registry.yaml in ${join(repo, 'app')} (in the working tree)`);
    const beforeRegistry = await runCli(repo, ['list', '--registry', 'registry', '--at', 'HEAD~2']);
    expect(beforeRegistry.code).toBe(2);
    expect(beforeRegistry.stderr).toMatch(/no registry\.yaml in .*registry \(at HEAD~2\)/);
    expect(state(repo)).toEqual(before);
    await expect(openRegistry({ dir: repo })).rejects.toThrow(message);
  });

  it('init into a new directory outside any repository still creates its own repository', async () => {
    const dir = emptyRepo('standalone');
    expect((await runCli(dir, ['init', '--registry', '.'])).code).toBe(0);
    expect(git(dir, 'ls-files')).toContain('.github/workflows/modelreg.yml');
    expect(readFileSync(join(dir, '.github/workflows/modelreg.yml'), 'utf8')).not.toContain('registry-path');
    const twice = await runCli(dir, ['init', 'a', '--registry', 'b']);
    expect(twice.code).toBe(2);
  });
});

describe('the template for a registry in a directory (pure)', () => {
  it('adds registry-path to a step with and without a with: block', () => {
    const text = [
      '    steps:',
      '      - uses: modelreg/modelreg@v1',
      '        id: modelreg',
      '      - uses: modelreg/modelreg/actions/promote@v1',
      '        with:',
      '          model: m',
      '',
    ].join('\n');
    expect(workflowFor(text, 'ml/registry')).toBe(
      [
        '    steps:',
        '      - uses: modelreg/modelreg@v1',
        '        with:',
        '          registry-path: ml/registry',
        '        id: modelreg',
        '      - uses: modelreg/modelreg/actions/promote@v1',
        '        with:',
        '          registry-path: ml/registry',
        '          model: m',
        '',
      ].join('\n'),
    );
    expect(workflowFor('      - uses: actions/checkout@v5\n', 'r')).toBe('      - uses: actions/checkout@v5\n');
    expect(workflowFor('      - uses: modelreg/modelreg@v1\n', 'my registry')).toContain(
      'registry-path: "my registry"',
    );
  });

  it('moves CODEOWNERS patterns anchored at the top below the registry, except .github/', () => {
    expect(codeOwnersIn('# c\n/registry.yaml @a\n/.github/ @a\n/schemas/ @a\n', 'r')).toBe(
      '# c\n/r/registry.yaml @a\n/.github/ @a\n/r/schemas/ @a\n',
    );
  });
});
