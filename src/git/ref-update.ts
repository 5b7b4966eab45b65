/**
 * Moving a ref by compare-and-swap, as `git update-ref <ref> <new> <old>`
 * does: take `<ref>.lock` exclusively, check the ref still holds the value
 * the change was built on, write the new value into the lock, flush, rename
 * it over the ref. With native git, git does exactly that itself.
 */
import { execFile, spawn } from 'node:child_process';
import { appendFile, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../domain/errors.js';
import type { GitDirectories } from './git-directories.js';

const NO_OBJECT = '0'.repeat(40);

export interface RefMove {
  readonly ref: string;
  /** The value the ref must still hold; undefined: the ref must not exist. */
  readonly expected: string | undefined;
  readonly next: string;
  /** For the reflog. */
  readonly message: string;
  readonly committer: { readonly name: string; readonly email: string };
  readonly when: Date;
}

/** The commit a ref holds (loose or packed, following symbolic refs), or undefined. */
export async function readRef(dirs: GitDirectories, ref: string): Promise<string | undefined> {
  for (let depth = 0, name = ref; depth < 5; depth++) {
    const loose = await readFile(refPath(dirs, name), 'utf8').catch(() => undefined);
    if (loose === undefined) return packedRef(dirs, name);
    const symbolic = /^ref: (\S+)/.exec(loose);
    if (!symbolic) return loose.trim();
    name = symbolic[1]!;
  }
  return undefined;
}

/** The ref HEAD names (refs/heads/main), or undefined on a detached HEAD. */
export async function symbolicHead(dirs: GitDirectories): Promise<string | undefined> {
  const head = await readFile(join(dirs.gitDir, 'HEAD'), 'utf8').catch(() => '');
  return /^ref: (\S+)/.exec(head)?.[1];
}

/**
 * Refuses a ref whose lock file exists: another git is moving it, or one was
 * killed while doing so. Moving the checked-out branch also takes HEAD.lock
 * (for HEAD's reflog), so that one counts too.
 */
export async function refuseHeldRefLock(dirs: GitDirectories, ref: string): Promise<void> {
  const locks = [`${refPath(dirs, ref)}.lock`];
  if ((await symbolicHead(dirs)) === ref) locks.push(join(dirs.gitDir, 'HEAD.lock'));
  for (const lock of locks) {
    if (
      await stat(lock).then(
        () => true,
        () => false,
      )
    )
      throw refLocked(ref, lock);
  }
}

/**
 * Moves the ref if it still holds `move.expected`. `whileLocked` runs after that check, with the ref locked, before
 * the ref moves: no other git can move it in between, and when it throws the ref stays where it was.
 */
export async function moveRef(
  dirs: GitDirectories,
  move: RefMove,
  native: boolean,
  whileLocked?: () => Promise<void>,
): Promise<void> {
  if (native) return whileLocked ? moveRefInNativeTransaction(dirs, move, whileLocked) : moveRefNatively(dirs, move);
  const target = refPath(dirs, move.ref);
  const lock = `${target}.lock`;
  await mkdir(dirname(lock), { recursive: true });
  const handle = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? refLocked(move.ref, lock) : error;
  });
  try {
    try {
      const current = await readRef(dirs, move.ref);
      if (current !== move.expected) throw concurrentUpdate(move.ref, move.expected, current);
      await handle.writeFile(`${move.next}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await whileLocked?.();
    await appendReflogs(dirs, move);
    await rename(lock, target);
  } catch (error) {
    await unlink(lock).catch(() => undefined);
    throw error;
  }
}

/** The reflog names the same person as the commit, at the same time. */
function committerEnv(move: RefMove): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_COMMITTER_NAME: move.committer.name,
    GIT_COMMITTER_EMAIL: move.committer.email,
    GIT_COMMITTER_DATE: `${Math.floor(move.when.getTime() / 1000)} +0000`,
  };
}

/**
 * `git update-ref --stdin` as a transaction: `prepare` takes the lock and checks the old value, `commit` moves
 * the ref; `whileLocked` runs in between, and on its failure the transaction is aborted.
 */
async function moveRefInNativeTransaction(
  dirs: GitDirectories,
  move: RefMove,
  whileLocked: () => Promise<void>,
): Promise<void> {
  const child = spawn('git', ['-C', dirs.workTree, 'update-ref', '-m', move.message, '--stdin'], {
    env: committerEnv(move),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // A git that cannot start or dies early is told by its exit below, not by an unhandled 'error' (EPIPE) event.
  child.on('error', () => undefined);
  child.stdin.on('error', () => undefined);
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const prepared = new Promise<boolean>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('prepare: ok\n')) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  child.stdin.write(`start\nupdate ${move.ref} ${move.next} ${move.expected ?? NO_OBJECT}\nprepare\n`);
  if (!(await prepared)) {
    await exited;
    throw await refusedMove(dirs, move, stderr);
  }
  try {
    await whileLocked();
  } catch (error) {
    child.stdin.end('abort\n');
    await exited;
    throw error;
  }
  child.stdin.end('commit\n');
  if ((await exited) !== 0) throw new Error(`git update-ref failed: ${stderr}`);
}

async function moveRefNatively(dirs: GitDirectories, move: RefMove): Promise<void> {
  const args = ['update-ref', '-m', move.message, move.ref, move.next, move.expected ?? NO_OBJECT];
  const env = committerEnv(move);
  const failure = await new Promise<string | undefined>((resolve) => {
    execFile('git', ['-C', dirs.workTree, ...args], { env }, (error, _stdout, stderr) =>
      resolve(error ? stderr || error.message : undefined),
    );
  });
  if (failure !== undefined) throw await refusedMove(dirs, move, failure);
}

/** Why git did not move the ref: it moved meanwhile, or its lock is held; anything else is git's own message. */
async function refusedMove(dirs: GitDirectories, move: RefMove, failure: string): Promise<Error> {
  const current = await readRef(dirs, move.ref);
  if (current !== move.expected) return concurrentUpdate(move.ref, move.expected, current);
  await refuseHeldRefLock(dirs, move.ref);
  return new Error(`git update-ref failed: ${failure}`);
}

/** The reflogs git keeps by default: branches, notes, and HEAD when it names the ref. */
async function appendReflogs(dirs: GitDirectories, move: RefMove): Promise<void> {
  const line = `${move.expected ?? NO_OBJECT} ${move.next} ${move.committer.name} <${move.committer.email}> ${Math.floor(move.when.getTime() / 1000)} +0000\t${move.message.split('\n')[0]}\n`;
  const logs = [join(dirs.commonDir, 'logs', move.ref)];
  if ((await symbolicHead(dirs)) === move.ref) logs.push(join(dirs.gitDir, 'logs', 'HEAD'));
  for (const log of logs) {
    if (
      !/^refs\/(heads|notes|remotes)\//.test(move.ref) &&
      !(await stat(log).then(
        () => true,
        () => false,
      ))
    )
      continue;
    await mkdir(dirname(log), { recursive: true });
    await appendFile(log, line);
  }
}

function refPath(dirs: GitDirectories, ref: string): string {
  // HEAD and other root refs belong to the work tree; refs/ is shared.
  return ref.startsWith('refs/') ? join(dirs.commonDir, ref) : join(dirs.gitDir, ref);
}

async function packedRef(dirs: GitDirectories, ref: string): Promise<string | undefined> {
  const packed = await readFile(join(dirs.commonDir, 'packed-refs'), 'utf8').catch(() => '');
  for (const line of packed.split('\n')) {
    const [oid, name] = line.split(' ');
    if (name === ref && oid && /^[0-9a-f]{40}$/.test(oid)) return oid;
  }
  return undefined;
}

export function concurrentUpdate(ref: string, expected: string | undefined, found: string | undefined): UserError {
  return new UserError(
    'CONCURRENT_UPDATE',
    `${ref} moved while modelreg was working (expected ${short(expected)}, found ${short(found)})`,
    'Run the command again.',
  );
}

function refLocked(ref: string, lock: string): UserError {
  return new UserError(
    'REF_LOCKED',
    `${ref} is locked by ${lock}: another git command is updating it, or one was killed while doing so`,
    `Wait for the other git command to finish. If none is running, delete ${lock} and run the command again.`,
  );
}

function short(oid: string | undefined): string {
  return oid ? oid.slice(0, 7) : 'nothing';
}
