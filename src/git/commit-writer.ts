/**
 * Every write modelreg makes to a repository, in one order: first everything
 * that can refuse (locks, an unfinished earlier write), then the objects
 * (loose-objects.ts), then the ref by compare-and-swap (ref-update.ts), then
 * the working tree and index (worktree-update.ts). A process killed at any
 * point leaves the ref at the old commit or the new one, and objects that
 * read back; a failure after the ref moved is finished or undone, and said so.
 */
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isUserError, UserError } from '../domain/errors.js';
import type { GitDirectories } from './git-directories.js';
import type { CommitFilesRequest, CommitInfo, Person, RawTreeEntry } from './git-port.js';
import { formatCommit, formatTag, formatTree, writeObject } from './loose-objects.js';
import { moveRef, readRef, refuseHeldRefLock } from './ref-update.js';
import { refuseHeldIndexLock, stagePaths, WORKTREE_TEMP_PREFIX, writeWorktreeFiles } from './worktree-update.js';
import {
  clearPendingWrite,
  isRunning,
  pendingWritePath,
  readPendingWrite,
  recordPendingWrite,
  type PendingWrite,
} from './write-journal.js';

/** The reads a write needs: the parent's trees, and the files to put back when undoing. */
export interface ObjectReads {
  readCommit(oid: string): Promise<CommitInfo>;
  readTree(oid: string): Promise<readonly RawTreeEntry[]>;
  readBlob(oid: string): Promise<Uint8Array>;
}

export interface WriteContext {
  readonly dirs: GitDirectories;
  readonly reads: ObjectReads;
  /** Move refs and stage files through native git (which takes the same locks) rather than in JavaScript. */
  readonly native: boolean;
}

/**
 * The steps a test can stop a write after (MODELREG_TEST_CRASH_AT), for the
 * windows random kills rarely hit. 'index' is inside the index update on the
 * pure path (index.lock written, not yet renamed); native `git add` is one
 * step of its own, so there it falls just before it.
 */
export type CrashPoint = 'objects' | 'ref' | 'worktree' | 'index';

/**
 * A test hook for races: at MODELREG_TEST_PAUSE_AT's step, create `<gitDir>/modelreg-test-paused` and wait until
 * the test removes it (having moved a ref meanwhile, say).
 */
async function testPause(step: 'undo', gitDir: string): Promise<void> {
  if (process.env.MODELREG_TEST_PAUSE_AT !== step) return;
  const marker = join(gitDir, 'modelreg-test-paused');
  await writeFile(marker, String(process.pid));
  while (
    await stat(marker).then(
      () => true,
      () => false,
    )
  )
    await new Promise((done) => setTimeout(done, 20));
}

function crashPoint(step: CrashPoint): void {
  // NOTE: a test hook; SIGKILL is what a power cut or an OOM kill does: no cleanup runs.
  if (process.env.MODELREG_TEST_CRASH_AT === step) process.kill(process.pid, 'SIGKILL');
}

const TREE_MODE = '040000';
const FILE_MODE = '100644';

/** Refuses a write that could not finish: a held ref or index lock, or another modelreg writing now. */
export async function prepareWrite(ctx: WriteContext, ref: string, updatesWorktree: boolean): Promise<void> {
  refuseRunningWriter(ctx, await readPendingWrite(ctx.dirs));
  await refuseHeldRefLock(ctx.dirs, ref);
  if (updatesWorktree) await refuseHeldIndexLock(ctx.dirs);
}

function refuseRunningWriter(ctx: WriteContext, pending: PendingWrite | undefined): void {
  if (pending && pending.pid !== process.pid && isRunning(pending.pid)) {
    throw new UserError(
      'WRITE_IN_PROGRESS',
      `another modelreg (process ${pending.pid}) is writing ${pending.ref} in this repository`,
      `Wait for it to finish. If no modelreg is running, delete ${pendingWritePath(ctx.dirs)}.`,
    );
  }
}

export async function commitFiles(ctx: WriteContext, request: CommitFilesRequest): Promise<string> {
  await prepareWrite(ctx, request.ref, request.updateWorktree);
  const person = personAt(request.author, request.when);
  const parentTree = request.parent ? (await ctx.reads.readCommit(request.parent)).tree : undefined;
  const tree = await writeTree(ctx, parentTree, '', request.edits, true);
  if (tree === undefined) throw new Error('unreachable: the root tree is always written');
  const commit = await writeObject(
    objectsDir(ctx),
    'commit',
    formatCommit({
      tree,
      parents: request.parent ? [request.parent] : [],
      author: person,
      committer: person,
      message: request.message,
    }),
  );
  crashPoint('objects');

  const expected = request.createsRef ? undefined : request.parent;
  const paths = [...request.edits.keys()];
  if (request.updateWorktree)
    await recordPendingWrite(ctx.dirs, { pid: process.pid, ref: request.ref, parent: expected, commit, paths });
  const move = {
    ref: request.ref,
    expected,
    next: commit,
    message: `modelreg: ${request.message.split('\n')[0]}`,
    committer: request.author,
    when: request.when,
  };
  await moveRef(ctx.dirs, move, ctx.native).catch(async (error: unknown) => {
    await clearPendingWrite(ctx.dirs);
    throw error;
  });
  crashPoint('ref');
  if (!request.updateWorktree) return commit;

  try {
    await bringWorktreeTo(ctx, request.edits);
  } catch (error) {
    await undoAfterFailure(ctx, { ...move, paths }, error);
  }
  await clearPendingWrite(ctx.dirs);
  return commit;
}

/** An annotated tag `refs/tags/<name>` on commit `object`; refuses to move an existing tag. */
export async function createAnnotatedTag(
  ctx: WriteContext,
  name: string,
  object: string,
  message: string,
  tagger: { name: string; email: string },
  when: Date,
): Promise<void> {
  const ref = `refs/tags/${name}`;
  await prepareWrite(ctx, ref, false);
  const tag = await writeObject(
    objectsDir(ctx),
    'tag',
    formatTag({ object, type: 'commit', name, tagger: personAt(tagger, when), message }),
  );
  await moveRef(
    ctx.dirs,
    { ref, expected: undefined, next: tag, message: `modelreg: tag ${name}`, committer: tagger, when },
    ctx.native,
  );
}

/** Adds (or replaces) the note on `object` in `notesRef`, as a commit on that ref like any other. */
export async function addNote(
  ctx: WriteContext,
  notesRef: string,
  object: string,
  text: string,
  author: { name: string; email: string },
  when: Date,
): Promise<void> {
  const parent = await readRef(ctx.dirs, notesRef);
  const edits = new Map<string, Uint8Array | null>([
    // git may have stored the note under a fan-out directory (ab/cdef…): replace it there too.
    [`${object.slice(0, 2)}/${object.slice(2)}`, null],
    [object, Buffer.from(text)],
  ]);
  await commitFiles(ctx, {
    ref: notesRef,
    parent,
    createsRef: parent === undefined,
    edits,
    message: `Note added by modelreg\n`,
    author,
    when,
    updateWorktree: false,
  });
}

/**
 * Finishes a write that was stopped after moving its ref but before the
 * working tree and index matched it (see write-journal.ts); returns what it
 * did, or undefined when nothing was unfinished.
 */
export async function finishInterruptedWrite(ctx: WriteContext): Promise<string | undefined> {
  const pending = await readPendingWrite(ctx.dirs);
  if (!pending) return undefined;
  refuseRunningWriter(ctx, pending);
  await removeLeftoverFiles(ctx.dirs);
  // The ref still at its old commit: the write never happened. Elsewhere: someone has moved on since.
  if ((await readRef(ctx.dirs, pending.ref)) !== pending.commit) {
    await clearPendingWrite(ctx.dirs);
    return undefined;
  }
  await prepareWrite(ctx, pending.ref, true).catch((error: unknown) => {
    if (!isUserError(error) || error.code !== 'INDEX_LOCKED') throw error;
    // Most likely the lock of the index update that was stopped: say so, and what happens next.
    throw new UserError(
      error.code,
      `${error.message}; an earlier modelreg command (process ${pending.pid}) was stopped while updating the working tree and index`,
      `${error.hint} modelreg then finishes that update first.`,
    );
  });
  const [before, after] = await Promise.all([
    filesAt(ctx, pending.parent, pending.paths),
    filesAt(ctx, pending.commit, pending.paths),
  ]);
  const edited: string[] = [];
  for (const path of pending.paths) {
    const current = await readFile(join(ctx.dirs.workTree, path)).catch(() => null);
    if (!sameContent(current, before.get(path) ?? null) && !sameContent(current, after.get(path) ?? null))
      edited.push(path);
  }
  if (edited.length > 0) {
    throw new UserError(
      'INTERRUPTED_WRITE',
      `an earlier modelreg command moved ${pending.ref} to ${short(pending.commit)} and was stopped before updating the working tree; ${edited.join(', ')} has been edited since`,
      `Save your edits elsewhere and run "git checkout HEAD -- ${edited.join(' ')}", or delete ${pendingWritePath(ctx.dirs)} to keep the files as they are; then run the command again.`,
    );
  }
  await bringWorktreeTo(ctx, after);
  await clearPendingWrite(ctx.dirs);
  return `finished an interrupted write: ${pending.ref} is at ${short(pending.commit)} and the working tree and index now match it (${pending.paths.join(', ')})`;
}

async function bringWorktreeTo(ctx: WriteContext, files: ReadonlyMap<string, Uint8Array | null>): Promise<void> {
  // Files before the index: killed in between, the index still matches the old
  // commit and the files the new one, so even `git commit -a` keeps the change.
  await writeWorktreeFiles(ctx.dirs, files);
  crashPoint('worktree');
  await stagePaths(ctx.dirs, [...files.keys()], ctx.native, () => crashPoint('index'));
}

/** After the ref moved, the working tree could not follow: put everything back, or leave the note that finishes it later. */
async function undoAfterFailure(
  ctx: WriteContext,
  move: {
    ref: string;
    expected: string | undefined;
    next: string;
    paths: readonly string[];
    committer: { name: string; email: string };
    when: Date;
  },
  cause: unknown,
): Promise<never> {
  const reason = reasonOf(cause);
  await testPause('undo', ctx.dirs.gitDir);
  let undone = false;
  let movedMeanwhile: string | undefined;
  if (move.expected !== undefined) {
    try {
      const files = await filesAt(ctx, move.expected, move.paths);
      // The files go back only while the branch is locked at our commit: another writer that moved it since keeps
      // its commit, and the working tree is not put back under it.
      await moveRef(
        ctx.dirs,
        {
          ref: move.ref,
          expected: move.next,
          next: move.expected,
          message: 'modelreg: undo, the working tree could not be updated',
          committer: move.committer,
          when: move.when,
        },
        ctx.native,
        () => writeWorktreeFiles(ctx.dirs, files),
      );
      undone = true;
    } catch (error) {
      // Explained below: the note stays, and the next write finishes the update.
      if (isUserError(error) && error.code === 'CONCURRENT_UPDATE') movedMeanwhile = await readRef(ctx.dirs, move.ref);
    }
  }
  if (undone) {
    await clearPendingWrite(ctx.dirs);
    throw new UserError(
      'WRITE_UNDONE',
      `the working tree and index could not be updated (${reason}), so ${move.ref} was moved back to ${short(move.expected)}: nothing changed`,
      isUserError(cause) && cause.hint ? cause.hint : 'Fix the cause and run the command again.',
    );
  }
  if (movedMeanwhile !== undefined)
    throw new UserError(
      'WRITE_INCOMPLETE',
      `the working tree and index could not be updated to the new commit ${short(move.next)} (${reason}), and another process moved ${move.ref} on to ${short(movedMeanwhile)} meanwhile, so modelreg did not move it back; the working tree was left as it was`,
      `Fix the cause, then compare the working tree with ${move.ref} (git status) and bring it in line (git checkout -- <paths>, or git reset) before committing.`,
    );
  throw new UserError(
    'WRITE_INCOMPLETE',
    `${move.ref} now holds the new commit ${short(move.next)}, but the working tree and index could not be updated (${reason})`,
    'Fix the cause, then run any modelreg command that writes (promote, register, …): it first finishes this update. Until then do not run git commit -a: it would undo the change.',
  );
}

/**
 * Rebuilds only the trees on the edited paths; every other subtree keeps its
 * id. A directory left empty disappears (undefined), as in git.
 */
async function writeTree(
  ctx: WriteContext,
  treeOid: string | undefined,
  prefix: string,
  edits: ReadonlyMap<string, Uint8Array | null>,
  isRoot: boolean,
): Promise<string | undefined> {
  const entries = new Map<string, RawTreeEntry>();
  if (treeOid) for (const e of await ctx.reads.readTree(treeOid)) entries.set(e.name, e);
  const childEdits = new Map<string, Map<string, Uint8Array | null>>();
  for (const [path, content] of edits) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) {
      if (content === null) entries.delete(rest);
      else
        entries.set(rest, {
          name: rest,
          mode: FILE_MODE,
          oid: await writeObject(objectsDir(ctx), 'blob', content),
          type: 'blob',
        });
    } else {
      const child = rest.slice(0, slash);
      if (!childEdits.has(child)) childEdits.set(child, new Map());
      childEdits.get(child)!.set(path, content);
    }
  }
  for (const [child, nested] of childEdits) {
    const existing = entries.get(child);
    const oid = await writeTree(
      ctx,
      existing?.type === 'tree' ? existing.oid : undefined,
      `${prefix}${child}/`,
      nested,
      false,
    );
    if (oid === undefined) entries.delete(child);
    else entries.set(child, { name: child, mode: TREE_MODE, oid, type: 'tree' });
  }
  if (entries.size === 0 && !isRoot) return undefined;
  return writeObject(objectsDir(ctx), 'tree', formatTree([...entries.values()]));
}

/** Each path's content at `commit` (null where it has none). */
async function filesAt(
  ctx: WriteContext,
  commit: string | undefined,
  paths: readonly string[],
): Promise<Map<string, Uint8Array | null>> {
  const root = commit ? (await ctx.reads.readCommit(commit)).tree : undefined;
  const files = new Map<string, Uint8Array | null>();
  for (const path of paths) files.set(path, root ? await blobAt(ctx, root, path) : null);
  return files;
}

async function blobAt(ctx: WriteContext, tree: string, path: string): Promise<Uint8Array | null> {
  const names = path.split('/');
  let oid = tree;
  for (const [i, name] of names.entries()) {
    const entry = (await ctx.reads.readTree(oid)).find((e) => e.name === name);
    if (!entry) return null;
    if (i === names.length - 1) return entry.type === 'blob' ? ctx.reads.readBlob(entry.oid) : null;
    if (entry.type !== 'tree') return null;
    oid = entry.oid;
  }
  return null;
}

/** One line saying why: isomorphic-git wraps the reason in a paragraph asking for bug reports. */
function reasonOf(error: unknown): string {
  const message =
    (error as { data?: { message?: unknown } }).data?.message ?? (error instanceof Error ? error.message : error);
  return String(message).replace(/\s+/g, ' ').trim();
}

/** Half-written working-tree files of the stopped write (worktree-update.ts puts them in the git directory). */
async function removeLeftoverFiles(dirs: GitDirectories): Promise<void> {
  const names = await readdir(dirs.gitDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(WORKTREE_TEMP_PREFIX)))
    await rm(join(dirs.gitDir, name), { force: true });
}

function sameContent(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a === null || b === null ? a === b : Buffer.from(a).equals(Buffer.from(b));
}

function objectsDir(ctx: WriteContext): string {
  return join(ctx.dirs.commonDir, 'objects');
}

function personAt(who: { name: string; email: string }, when: Date): Person {
  return { name: who.name, email: who.email, timestamp: Math.floor(when.getTime() / 1000), timezoneOffset: 0 };
}

function short(oid: string | undefined): string {
  return oid ? oid.slice(0, 7) : 'nothing';
}
