/**
 * Real git repositories in temp dirs, built with native git: the files a
 * test names, a repo-local identity, and cleanup after the test.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** 'test': removed after each test; 'file': kept for every test of the file (built once, read by many). */
export type Scope = 'test' | 'file';
const created: Record<Scope, string[]> = { test: [], file: [] };

afterEach(() => {
  for (const dir of created.test.splice(0)) rmSync(dir, { recursive: true, force: true });
});
afterAll(() => {
  for (const dir of created.file.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'modelreg-test-', scope: Scope = 'test'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created[scope].push(dir);
  return dir;
}

/**
 * An empty repository named `name` (its directory name is what `modelreg init`
 * calls the registry), on branch main, with a repo-local identity.
 */
export function emptyRepo(name = 'registry', parent: string = tempDir()): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Alice');
  git(dir, 'config', 'user.email', 'alice@example.com');
  return dir;
}

/** Runs native git in `dir` and returns its trimmed stdout. */
export function git(dir: string, ...args: string[]): string {
  const dated = COMMITTING.has(args[0] ?? '') ? { GIT_AUTHOR_DATE: nextDate(), GIT_COMMITTER_DATE: lastDate } : {};
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...dated },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

const COMMITTING = new Set(['commit', 'merge', 'revert', 'cherry-pick', 'tag']);

// Distinct, increasing commit dates keep history order deterministic.
let clock = Date.parse('2026-01-01T00:00:00Z') / 1000;

/** The next native commits are dated from `iso` on, a minute apart. */
export function setClock(iso: string): void {
  clock = Date.parse(iso) / 1000 - 60;
}
let lastDate = '';
function nextDate(): string {
  clock += 60;
  lastDate = `${clock} +0000`;
  return lastDate;
}

export type Files = Record<string, string | Uint8Array | null>;

/** Writes files (null deletes) into the working tree. */
export function writeFiles(dir: string, files: Files): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    if (content === null) {
      rmSync(full, { force: true, recursive: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** A new repository on branch main with a local identity and one commit of `files`. */
export function createRepo(files: Files, message = 'initial', scope: Scope = 'test'): string {
  const dir = tempDir('modelreg-test-', scope);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test User');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'config', 'commit.gpgsign', 'false');
  if (Object.keys(files).length > 0) commit(dir, files, message);
  return dir;
}

/** Writes `files`, stages everything and commits; returns the new commit id. */
export function commit(dir: string, files: Files, message = 'change'): string {
  writeFiles(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

export function removeFile(dir: string, path: string): void {
  unlinkSync(join(dir, path));
}
