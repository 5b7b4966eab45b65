/**
 * modelreg as npm would publish it: the tarball `npm pack` makes, installed into a project of its own the way a
 * user installs it, without the network. npm's cache holds what `npm ci` fetched (tarballs, not every version's
 * metadata), so the project gets a lockfile made from ours: the tarball plus the packages our lockfile pins for
 * production, which are the ones a user would get today.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface Packed {
  readonly tarball: string;
  readonly name: string;
  readonly version: string;
  readonly integrity: string;
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly bin?: Record<string, string>;
  readonly engines?: Record<string, string>;
  readonly dependencies?: Record<string, string>;
}

interface LockEntry {
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly [key: string]: unknown;
}

/** The summary `npm pack --json` and `npm publish --dry-run --json` print for one package. */
export function readPackSummary(json: unknown): Omit<Packed, 'tarball'> & { readonly filename: string } {
  const summary = (Array.isArray(json) ? json[0] : Object.values(json as object)[0]) as {
    name: string;
    version: string;
    integrity: string;
    unpackedSize: number;
    filename: string;
    files: PackedFile[];
  };
  return {
    name: summary.name,
    version: summary.version,
    integrity: summary.integrity,
    unpackedSize: summary.unpackedSize,
    filename: summary.filename,
    files: summary.files.map(({ path, size }) => ({ path, size })),
  };
}

/** `npm pack` of `root` into `dest`. Scripts are skipped: the caller has built lib/ (npm test builds first). */
export function packPackage(root: string, dest: string): Packed {
  const stdout = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const summary = readPackSummary(JSON.parse(stdout));
  return { ...summary, tarball: join(dest, summary.filename) };
}

/**
 * The lockfile of a project that depends on the tarball at `spec` alone: the tarball's own entry, and every
 * package our lockfile installs for production, at the same paths (npm hoists them the same way under a project
 * whose only dependency is modelreg). Pure: the test builds it from the two files as they are.
 */
export function consumerLockfile(
  ourLock: { packages: Record<string, LockEntry> },
  manifest: PackageJson,
  spec: string,
): object {
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { [manifest.name]: spec } },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: spec,
      license: manifest.license,
      dependencies: manifest.dependencies ?? {},
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(ourLock.packages)) {
    if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  }
  const unlocked = Object.keys(manifest.dependencies ?? {}).filter((name) => !packages[`node_modules/${name}`]);
  if (unlocked.length > 0)
    throw new Error(`package-lock.json does not install ${unlocked.join(', ')} for production: run npm install`);
  return { name: 'consumer', lockfileVersion: 3, requires: true, packages };
}

/** Installs the tarball into `dir` as a user's project would hold it, with `npm ci --offline`. */
export function installOffline(root: string, packed: Packed, dir: string): void {
  const spec = `file:${relative(dir, packed.tarball)}`;
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: 'consumer', private: true, type: 'module', dependencies: { [manifest.name]: spec } },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(consumerLockfile(lock, manifest, spec), null, 2));
  const result = spawnSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) {
    const notCached = /ENOTCACHED/.test(result.stderr)
      ? " (a package is not in npm's cache: run `npm ci` in the repository first, it fills the cache)"
      : '';
    throw new Error(`npm ci --offline of the packed tarball failed${notCached}:\n${result.stderr}`);
  }
}

export interface ImportClosure {
  /** The package's own files the entry loads, statically or by a literal dynamic import, relative to `packageDir`. */
  readonly files: string[];
  /** The packages it imports (`ajv`, not `ajv/dist/2020.js`), Node's built-ins left out. */
  readonly packages: string[];
}

/** What running `entry` can load, as esbuild resolves it (other packages left unresolved, i.e. external). */
export async function importClosure(packageDir: string, entry: string): Promise<ImportClosure> {
  const result = await build({
    entryPoints: [join(packageDir, entry)],
    absWorkingDir: packageDir,
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    metafile: true,
    packages: 'external',
    logLevel: 'silent',
  });
  const builtins = new Set(builtinModules);
  const packages = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith('node:') || builtins.has(imported.path)) continue;
      const parts = imported.path.split('/');
      packages.add(imported.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return { files: Object.keys(result.metafile.inputs).sort(), packages: [...packages].sort() };
}

/** Runs the installed `modelreg` command (node_modules/.bin, as npx and npm scripts find it). */
export function installedBin(dir: string): string {
  const bin = join(dir, 'node_modules', '.bin', 'modelreg');
  if (!existsSync(bin)) throw new Error(`the tarball installed no modelreg command in ${dir}`);
  return bin;
}
