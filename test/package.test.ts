/**
 * What `npm install modelreg` gives a user: the tarball `npm pack` makes holds the CLI, the library (JavaScript
 * and types) and the registry template, and nothing else (the action bundles are used from the git ref, not from
 * npm); its runtime dependencies are exactly the packages those import; installed from the tarball alone,
 * offline, `npx modelreg@<version>` and `import 'modelreg'` work; and `npm publish --dry-run` publishes that
 * same tarball.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  importClosure,
  installedBin,
  installOffline,
  packPackage,
  readPackSummary,
  type Packed,
} from './helpers/packed-package.js';
import { tempDir } from './helpers/temp-repo.js';

const ROOT = process.cwd();
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
  publishConfig?: Record<string, unknown>;
  repository?: { url: string };
};
/**
 * Above what the CLI, library and template take (3.0 MB, of which 1.1 MB are the S3 and Azure SDK chunks the CLI
 * loads only for s3:// and az:// artifacts), far below them plus dist/ (7.6 MB).
 */
const UNPACKED_BUDGET = 3_600_000;

let packed: Packed;
let consumer: string;
let installed: string;

beforeAll(() => {
  // npm test builds first; a lone run of this file builds what it packs.
  if (!existsSync(join(ROOT, 'lib/index.js')) || !existsSync(join(ROOT, 'lib/cli-bundle/modelreg-cli.js'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
  const dir = tempDir('modelreg-pack-', 'file');
  packed = packPackage(ROOT, dir);
  consumer = join(dir, 'consumer');
  mkdirSync(consumer);
  installOffline(ROOT, packed, consumer);
  installed = join(consumer, 'node_modules', manifest.name);
}, 120_000);

describe('the packed tarball', () => {
  it('holds the CLI, the library with its types, the registry template, LICENSE and README, and nothing else', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'bin/modelreg.js',
        'lib/index.js',
        'lib/index.d.ts',
        'lib/cli-bundle/modelreg-cli.js',
        'registry-template/registry.yaml',
        'registry-template/.github/workflows/modelreg.yml',
      ]),
    );
    const outside = paths.filter(
      (path) =>
        !/^(package\.json|README\.md|LICENSE|bin\/modelreg\.js|lib\/.+\.(js|d\.ts)|registry-template\/.+)$/.test(path),
    );
    expect(
      outside,
      'files outside the CLI, the library and the template (source maps without their sources, action bundles)',
    ).toEqual([]);
    expect(packed.unpackedSize).toBeLessThan(UNPACKED_BUDGET);
  });

  it('ships exactly the JavaScript its entry points load, and the types its export names', async () => {
    const library = await importClosure(installed, 'lib/index.js');
    const cli = await importClosure(installed, manifest.bin.modelreg!);
    // Worker threads are started from a file's URL, not imported: their entries are entry points too.
    const workers = await Promise.all(
      ['lib/validate/parallel-worker.js', 'lib/cli-bundle/parallel-worker.js'].map((entry) =>
        importClosure(installed, entry),
      ),
    );
    const loaded = new Set([...library.files, ...cli.files, ...workers.flatMap((w) => w.files)]);
    const shippedJs = packed.files.map((file) => file.path).filter((path) => path.endsWith('.js'));
    const shippedTypes = packed.files.map((file) => file.path).filter((path) => path.endsWith('.d.ts'));
    const typeFiles = typeCheckConsumer().packageFiles;
    const moduleOf = (path: string) => path.replace(/\.(d\.ts|js)$/, '');
    const named = new Set(typeFiles.map(moduleOf));
    // A module of types alone (git-port) compiles to an empty .js that nothing loads; its types are what ships.
    expect(
      shippedJs.filter((path) => !loaded.has(path) && !named.has(moduleOf(path))),
      'shipped but never loaded: leave it out in package.json "files"',
    ).toEqual([]);
    expect(
      [...loaded].filter((path) => !shippedJs.includes(path)),
      'loaded but not shipped',
    ).toEqual([]);

    expect(
      typeFiles.filter((path) => !shippedTypes.includes(path)),
      'types the export needs but not shipped',
    ).toEqual([]);
    const needed = new Set([...loaded, ...typeFiles].map(moduleOf));
    expect(
      shippedTypes.filter((path) => !needed.has(moduleOf(path))),
      'types of modules nothing loads or names',
    ).toEqual([]);
  }, 90_000);

  it('depends on exactly the packages the library imports; the bundled CLI imports none', async () => {
    const library = await importClosure(installed, 'lib/index.js');
    const cli = await importClosure(installed, manifest.bin.modelreg!);
    expect(Object.keys(manifest.dependencies).sort()).toEqual(library.packages);
    expect(cli.packages).toEqual([]);
  });
});

describe('installed from the tarball, offline', () => {
  const env = () => ({
    ...process.env,
    npm_config_offline: 'true',
    GIT_AUTHOR_NAME: 'Ada Example',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada Example',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
  });
  const npx = (cwd: string, ...args: string[]) =>
    spawnSync('npx', [`${manifest.name}@${manifest.version}`, ...args], { cwd, env: env(), encoding: 'utf8' });

  it('npx modelreg@<version> runs --version, init, register and validate', () => {
    expect(execFileSync(installedBin(consumer), ['--version'], { encoding: 'utf8' }).trim()).toBe(manifest.version);
    expect(npx(consumer, '--version')).toMatchObject({ status: 0, stdout: `${manifest.version}\n` });

    expect(npx(consumer, 'init', 'registry')).toMatchObject({ status: 0 });
    const registry = join(consumer, 'registry');
    writeFileSync(join(consumer, 'model.onnx'), 'pretend weights');
    writeFileSync(join(consumer, 'metrics.json'), JSON.stringify({ auc: 0.91 }));
    const registered = npx(
      registry,
      'register',
      'fraud',
      '--version',
      '1.0.0',
      '--owner',
      'ada',
      '--artifact',
      'model=s3://models/fraud/1.0.0/model.onnx',
      '--file',
      'model=../model.onnx',
      '--metrics',
      '../metrics.json',
    );
    expect(registered.stderr).toBe('');
    expect(registered.status).toBe(0);
    expect(execFileSync('git', ['log', '--format=%s'], { cwd: registry, encoding: 'utf8' })).toMatch(/fraud/);
    expect(npx(registry, 'validate', '--all', '--head', 'HEAD')).toMatchObject({ status: 0 });

    // validate reads the shipped schemas and rules: a broken edit is found on its line.
    const versionFile = join(registry, 'models/fraud/versions/1.0.0.yaml');
    writeFileSync(versionFile, readFileSync(versionFile, 'utf8').replace(/^stage: .*$/m, 'stage: [unclosed'));
    const broken = npx(registry, 'validate');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/models\/fraud\/versions\/1\.0\.0\.yaml:\d+:\d+: error /);
  }, 90_000);

  it('the library imports as a deploy script does and resolves a version', () => {
    const registry = join(tempDir('modelreg-pack-registry-'), 'registry');
    expect(npx(consumer, 'init', registry)).toMatchObject({ status: 0 });
    const script = join(consumer, 'deploy.mjs');
    writeFileSync(
      script,
      [
        "import { openRegistry, parseModelRef } from 'modelreg';",
        'const registry = await openRegistry({ dir: process.argv[2], ref: "HEAD" });',
        'console.log(JSON.stringify({ models: await registry.list(), ref: parseModelRef("fraud@production") }));',
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, [script, registry], { cwd: consumer, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ models: [], ref: { model: 'fraud' } });
  });

  it('its types check in a strict TypeScript project', () => {
    expect(typeCheckConsumer().errors).toEqual([]);
  }, 90_000);
});

describe('npm publish --dry-run', () => {
  it('publishes the same tarball, publicly and with provenance, from the repository the actions name', () => {
    const result = spawnSync('npm', ['publish', '--dry-run', '--ignore-scripts', '--offline', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const published = readPackSummary(JSON.parse(result.stdout));
    expect(published).toMatchObject({
      name: packed.name,
      version: packed.version,
      filename: relative(join(packed.tarball, '..'), packed.tarball),
    });
    expect(published.files.map((file) => file.path)).toEqual(packed.files.map((file) => file.path));
    expect(manifest.publishConfig).toMatchObject({ access: 'public', provenance: true });
    // npm checks a provenance statement against package.json's repository: it must be the repository
    // the workflows' `uses: modelreg/modelreg@v1` names and the release workflow runs in.
    expect(manifest.repository?.url).toBe('git+https://github.com/modelreg/modelreg.git');
  });
});

let typeCheck: { errors: string[]; packageFiles: string[] } | undefined;

/** A strict TypeScript project that imports modelreg: its errors, and the package's files the compiler read. */
function typeCheckConsumer(): { errors: string[]; packageFiles: string[] } {
  if (typeCheck) return typeCheck;
  const file = join(consumer, 'deploy.ts');
  writeFileSync(
    file,
    [
      "import { openRegistry, openRepository, validateChange, UserError, type GitPort, type Resolution, type Finding } from 'modelreg';",
      'const registry = await openRegistry({ dir: process.argv[2]!, ref: "origin/main" });',
      'const repository: GitPort = await openRepository(process.argv[2]!);',
      'const resolved: Resolution = await registry.resolve("fraud@production");',
      'const findings: readonly Finding[] = [];',
      'console.log(resolved.version, findings.length, typeof validateChange, UserError.name, repository.dir);',
      'export {};',
    ].join('\n'),
  );
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
  });
  // Our files only: the dependencies' own declarations are theirs to check (and checking zod's takes seconds).
  const ours = program
    .getSourceFiles()
    .filter((source) => source.fileName === file || source.fileName.startsWith(`${installed}/`));
  const errors = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...ours.flatMap((source) => [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ]),
  ].map(
    (diagnostic) =>
      `${diagnostic.file ? relative(consumer, diagnostic.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
  );
  const packageFiles = program
    .getSourceFiles()
    .map((source) => source.fileName)
    .filter((name) => name.startsWith(`${installed}/`))
    .map((name) => relative(installed, name))
    .sort();
  return (typeCheck = { errors, packageFiles });
}
