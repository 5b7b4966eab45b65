import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { NODE24 } from './helpers/run-action.js';
import { createRepo } from './helpers/temp-repo.js';
import { MODELREG_VERSION } from '../src/version.js';

const bin = fileURLToPath(new URL('../bin/modelreg.js', import.meta.url));
const bundleDir = fileURLToPath(new URL('../lib/cli-bundle/', import.meta.url));

/** Static `import … from "x"` / `import "x"` of a bundled ESM file (not `import(…)`, which loads on demand). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:^|[;})\s])import\s*(?:[\w$*{},\s]+?\s*from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
}

/** The chunk esbuild made of src/cli/<name>.ts or src/cli/commands/<name>.ts. */
function chunkOf(name: string): string {
  const chunk = readdirSync(bundleDir).find((file) => new RegExp(`^${name}-[A-Z0-9]+\\.js$`).test(file));
  if (!chunk) throw new Error(`no ${name} chunk in ${bundleDir}`);
  return chunk;
}

/** What a run loads before it does its work: the files reached by static imports from `entries`, and the built-in modules they import. */
function loadedFrom(entries: readonly string[]): { files: Map<string, string>; builtins: Set<string> } {
  const files = new Map<string, string>();
  const builtins = new Set<string>();
  const visit = (name: string) => {
    if (files.has(name)) return;
    const code = readFileSync(join(bundleDir, name), 'utf8');
    files.set(name, code);
    for (const target of staticImports(code)) {
      if (target.startsWith('./')) visit(target.slice(2));
      else builtins.add(target.replace(/^node:/, ''));
    }
  };
  entries.forEach(visit);
  return { files, builtins };
}

/** What starting a command loads before it runs: the entry, the command line (main.ts imports it on demand) and the command's chunk. */
function loadedFor(command: string): { files: Map<string, string>; builtins: Set<string> } {
  return loadedFrom(['modelreg-cli.js', chunkOf('command-line'), chunkOf(command)]);
}

/** Which of the files contain `marker` (a string only that library's code has, kept by minification). */
function filesWith(files: Map<string, string>, marker: string): string[] {
  return [...files].filter(([, code]) => code.includes(marker)).map(([name]) => name);
}

/** Strings that only these libraries' bundled code contains. */
const MARKERS = { commander: 'commander.version', yaml: 'YAMLParseError', zod: '$ZodType' } as const;

describe.runIf(existsSync(join(bundleDir, 'modelreg-cli.js')))('start-up of the bundled CLI', () => {
  it.each(['resolve', 'history'])(
    '%s loads no validation rules, worker threads or node:crypto before it runs',
    (command) => {
      const { files, builtins } = loadedFor(command);
      // The walk found the command and what it needs to read git.
      expect([...files.keys()].some((name) => name.startsWith(`${command}-`))).toBe(true);
      expect(builtins).toContain('child_process');
      // Hashing is only for the working tree and writes; validation only for validate and write commands.
      expect(builtins).not.toContain('crypto');
      expect(builtins).not.toContain('worker_threads');
      const withRules = [...files].filter(([, code]) => code.includes('STAGE_NOT_INITIAL')).map(([name]) => name);
      expect(withRules).toEqual([]);
    },
  );

  it('the entry loads only itself and the Io: the command line, git, YAML and schemas come when a run needs them', () => {
    const { files, builtins } = loadedFrom(['modelreg-cli.js']);
    expect([...builtins].sort()).toEqual(['module']);
    for (const marker of Object.values(MARKERS))
      expect({ marker, in: filesWith(files, marker) }).toEqual({ marker, in: [] });
  });

  it('a plain `resolve <ref> [--json]` loads no commander, validation rules, worker threads or node:crypto', () => {
    const { files, builtins } = loadedFrom(['modelreg-cli.js', chunkOf('plain-resolve')]);
    expect(filesWith(files, 'is split:')).not.toEqual([]);
    expect(builtins).toContain('child_process');
    expect(builtins).not.toContain('crypto');
    expect(builtins).not.toContain('worker_threads');
    expect(filesWith(files, MARKERS.commander)).toEqual([]);
    expect(filesWith(files, 'STAGE_NOT_INITIAL')).toEqual([]);
  });

  it('a warm `history <model>` answered from the cache loads no commander, git, YAML, zod or node:crypto', () => {
    const { files, builtins } = loadedFrom(['modelreg-cli.js', chunkOf('cached-history')]);
    // The walk found the code that reads HEAD and the cache.
    expect(filesWith(files, 'modelChecked')).not.toEqual([]);
    expect([...builtins].sort()).toEqual(['fs', 'fs/promises', 'module', 'path']);
    for (const marker of Object.values(MARKERS))
      expect({ marker, in: filesWith(files, marker) }).toEqual({ marker, in: [] });
  });

  describe('what a run loads, as the compile cache of Node 24 traces every module it reads', () => {
    const dir = createRepo(
      {
        'registry.yaml': templatePolicy(),
        'models/fraud/model.yaml': modelYaml('fraud'),
        [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      },
      'initial',
      'file',
    );
    const temp = mkdtempSync(join(tmpdir(), 'modelreg-loaded-'));
    afterAll(() => rmSync(temp, { recursive: true, force: true }));
    let runs = 0;
    /** The bundle's files a run loaded, and its output. */
    const loadedAtRun = (args: string[]) => {
      // A fresh cache directory: every module is traced as read (and written) on each run.
      const { status, stdout, stderr } = spawnSync(NODE24, [bin, ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_COMPILE_CACHE: join(temp, String(runs++)), NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
      });
      const loaded = new Set([...stderr.matchAll(/for ESM file:\/\/\S*\/cli-bundle\/([\w-]+\.js)/g)].map((m) => m[1]!));
      return { status, stdout, loaded };
    };

    it('--version loads the command line and no command', () => {
      const { status, stdout, loaded } = loadedAtRun(['--version']);
      expect([status, stdout]).toEqual([0, `${MODELREG_VERSION}\n`]);
      expect([...loaded].sort()).toEqual(
        [...loadedFrom(['modelreg-cli.js', chunkOf('command-line')]).files.keys()].sort(),
      );
    });

    it('a warm `history <model>` loads only the entry and the cached-history chunk; a cold one loads the command', () => {
      const cold = loadedAtRun(['history', 'fraud', '--format', 'json']);
      expect(cold.status).toBe(0);
      expect(cold.loaded).toContain(chunkOf('history'));
      const warm = loadedAtRun(['history', 'fraud', '--format', 'json']);
      expect([warm.status, warm.stdout]).toEqual([0, cold.stdout]);
      expect([...warm.loaded].sort()).toEqual(
        [...loadedFrom(['modelreg-cli.js', chunkOf('cached-history')]).files.keys()].sort(),
      );
    });
  });

  describe('the compile cache', () => {
    const dir = createRepo(
      {
        'registry.yaml': templatePolicy(),
        'models/fraud/model.yaml': modelYaml('fraud'),
        [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      },
      'initial',
      'file',
    );
    // Without NODE_COMPILE_CACHE, Node puts the cache in os.tmpdir()/node-compile-cache; TMPDIR moves os.tmpdir().
    const temp = mkdtempSync(join(tmpdir(), 'modelreg-compile-cache-'));
    const cacheDir = join(temp, 'node-compile-cache');
    afterAll(() => rmSync(temp, { recursive: true, force: true }));
    const run = (node: string, env: NodeJS.ProcessEnv = {}) => {
      const { NODE_COMPILE_CACHE: _ignored, ...inherited } = process.env;
      return spawnSync(node, [bin, 'resolve', 'fraud@production', '--json'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...inherited, TMPDIR: temp, ...env },
      });
    };

    it('is written on Node 24 to <tmpdir>/node-compile-cache, and the next run uses it', () => {
      const first = run(NODE24);
      expect(first.status).toBe(0);
      const [versionDir] = readdirSync(cacheDir).filter((name) => name.startsWith('v24.'));
      expect(versionDir).toBeDefined();
      expect(readdirSync(join(cacheDir, versionDir!)).length).toBeGreaterThan(3);
      // NODE_DEBUG_NATIVE=COMPILE_CACHE is Node's own trace of each module's cache lookup.
      const second = run(NODE24, { NODE_DEBUG_NATIVE: 'COMPILE_CACHE' });
      expect(second.stdout).toBe(first.stdout);
      expect(second.stderr).toMatch(/resolve-[A-Z0-9]+\.js was accepted/);
      expect(second.stderr).toMatch(/modelreg-cli\.js was accepted/);
    });

    it('answers the same with the cache directory deleted or unwritable', () => {
      const cached = run(NODE24);
      expect(cached.status).toBe(0);
      rmSync(cacheDir, { recursive: true, force: true });
      const afterDelete = run(NODE24);
      const unwritable = run(NODE24, { NODE_COMPILE_CACHE: join(bin, 'not-a-directory') });
      expect([afterDelete.status, afterDelete.stdout, afterDelete.stderr]).toEqual([
        cached.status,
        cached.stdout,
        cached.stderr,
      ]);
      expect([unwritable.status, unwritable.stdout, unwritable.stderr]).toEqual([
        cached.status,
        cached.stdout,
        cached.stderr,
      ]);
    });
  });
});
