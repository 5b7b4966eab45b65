/** GitPort over isomorphic-git, on a repository on the local disk. */
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { refuseTokenOverPlainHttp } from '../token-transport.js';
import { historyIncomplete, isShallow } from './repository-checks.js';
import {
  addNote,
  commitFiles,
  createAnnotatedTag,
  finishInterruptedWrite,
  prepareWrite,
  type WriteContext,
} from './commit-writer.js';
import { gitDirectoriesOf } from './git-directories.js';
import { NativeObjectReader, parseCommit, parseTree, type NativeObject } from './native-object-reader.js';
import type { CommitFilesRequest, CommitInfo, GitPort, RawTreeEntry, TreeDiffEntry } from './git-port.js';

/**
 * isomorphic-git is loaded on first use: with native git on PATH, read-only
 * commands never need it, and loading it is a good part of a short
 * command's start-up.
 */
let isomorphicGit: Promise<typeof import('isomorphic-git').default> | undefined;
function iso(): Promise<typeof import('isomorphic-git').default> {
  isomorphicGit ??= import('isomorphic-git').then((m) => m.default);
  return isomorphicGit;
}

const TREE_CACHE_LIMIT = 4096;

export class IsomorphicGitRepository implements GitPort {
  /** isomorphic-git's packfile cache, shared by every call on this repository. */
  private readonly cache: object = {};
  private readonly trees = new Map<string, readonly RawTreeEntry[]>();
  private readonly commits = new Map<string, CommitInfo>();

  /** Native `git cat-file --batch` for reads, when available (see native-object-reader.ts). */
  private nativeReader: NativeObjectReader | undefined;

  constructor(readonly dir: string) {}

  /** Reads objects through native git from now on; writes stay with isomorphic-git. */
  useNativeReads(): void {
    this.nativeReader = new NativeObjectReader(this.dir);
  }

  /** Whether objects are read through native git (see useNativeReads). */
  get readsNatively(): boolean {
    return this.nativeReader !== undefined;
  }

  /** Finds the repository containing `path`. */
  static async discover(path: string): Promise<IsomorphicGitRepository> {
    // As isomorphic-git's findRoot: the nearest directory holding a .git entry.
    for (let dir = path; ; dir = dirname(dir)) {
      if (fs.existsSync(join(dir, '.git'))) return new IsomorphicGitRepository(dir);
      if (dirname(dir) === dir) break;
    }
    throw new UserError(
      'NOT_A_REPOSITORY',
      `${path} is not inside a git repository`,
      'Run the command inside a registry (created with `modelreg init`) or pass --registry DIR.',
    );
  }

  async resolveCommit(spec: string): Promise<string> {
    const match = /^(.*?)((?:[~^]\d*)*)$/.exec(spec.trim());
    const name = match?.[1] ?? '';
    const suffix = match?.[2] ?? '';
    if (name === '') throw refNotFound(spec);
    let oid = await this.resolveName(name).catch((error: unknown) => {
      throw error instanceof UserError ? error : refNotFound(spec);
    });
    for (const [, op, count] of suffix.matchAll(/([~^])(\d*)/g)) {
      const n = count === '' ? 1 : Number(count);
      if (op === '~') {
        for (let i = 0; i < n; i++) oid = await this.parentOf(oid, 0, spec);
      } else if (n > 0) {
        oid = await this.parentOf(oid, n - 1, spec);
      }
    }
    return oid;
  }

  private async resolveName(name: string): Promise<string> {
    if (this.nativeReader && PLAIN_NAME.test(name)) return this.peelNatively(name, await this.nativeReader.read(name));
    const git = await iso();
    let oid: string;
    if (/^[0-9a-f]{4,39}$/.test(name)) {
      oid = await git
        .expandOid({ fs, dir: this.dir, oid: name, cache: this.cache })
        .catch(() => git.resolveRef({ fs, dir: this.dir, ref: name }));
    } else {
      oid = await git.resolveRef({ fs, dir: this.dir, ref: name });
    }
    // NOTE: isomorphic-git's readObject loads whole packfiles into memory (300 MB on a large registry).
    if (this.nativeReader) return this.peelNatively(name, await this.nativeReader.read(oid));
    // Peel annotated tags down to the commit they name.
    for (let depth = 0; depth <= MAX_TAG_DEPTH; depth++) {
      const object = await git.readObject({ fs, dir: this.dir, oid, cache: this.cache, format: 'parsed' });
      if (object.type === 'commit') return oid;
      if (object.type !== 'tag') throw notACommit(name, object.type);
      oid = (object.object as { object: string }).object;
    }
    throw tagChainTooDeep(name);
  }

  /** Peels annotated tags down to the commit they name. */
  private async peelNatively(name: string, object: NativeObject): Promise<string> {
    for (let depth = 0; depth <= MAX_TAG_DEPTH; depth++) {
      if (object.type === 'commit') return object.oid;
      if (object.type !== 'tag') throw notACommit(name, object.type);
      object = await this.nativeReader!.read(/^object ([0-9a-f]+)$/m.exec(object.body.toString('utf8'))![1]!);
    }
    throw tagChainTooDeep(name);
  }

  /**
   * The tree at `path` below `tree`, found by native git without reading the
   * trees on the way: resolving one model must not parse a models/ tree of
   * ten thousand entries. Undefined when there is nothing (or no tree) there.
   */
  async readTreeAt(tree: string, path: string): Promise<{ oid: string; entries: readonly RawTreeEntry[] } | undefined> {
    // cat-file reads one name per line: a path with a newline (git allows one in a tree) is walked instead.
    // A path cat-file cannot take (one with a newline) is not found here, and then walked.
    if (!this.nativeReader) return undefined;
    const object = await this.nativeReader.read(`${tree}:${path}`).catch(() => undefined);
    if (object?.type !== 'tree') return undefined;
    const entries = this.trees.get(object.oid) ?? parseTree(object.body);
    this.remember(object.oid, entries);
    return { oid: object.oid, entries };
  }

  async diffTrees(base: string, head: string, paths: readonly string[]): Promise<readonly TreeDiffEntry[] | undefined> {
    if (!this.nativeReader) return undefined;
    const output = await this.nativeReader.output([
      '--literal-pathspecs',
      'diff-tree',
      '-r',
      '-z',
      '--no-renames',
      base,
      head,
      '--',
      ...paths,
    ]);
    // ":<mode> <mode> <id> <id> <status>\0<path>\0" per file.
    const fields = output.split('\0');
    const entries: TreeDiffEntry[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [baseMode, headMode] = fields[i]!.slice(1).split(' ');
      entries.push({
        path: fields[i + 1]!,
        baseMode: baseMode === '000000' ? undefined : baseMode,
        headMode: headMode === '000000' ? undefined : headMode,
      });
    }
    return entries;
  }

  private async parentOf(oid: string, index: number, spec: string): Promise<string> {
    const parent = (await this.readCommit(oid)).parents[index];
    if (parent === undefined) throw refNotFound(spec);
    return parent;
  }

  async readCommit(oid: string): Promise<CommitInfo> {
    const known = this.commits.get(oid);
    if (known) return known;
    if (this.nativeReader) {
      const { type, body } = await this.nativeReader.read(oid).catch((error: unknown) => this.missingCommit(error));
      if (type !== 'commit') throw notACommit(oid, type);
      const info = parseCommit(oid, body);
      this.commits.set(oid, info);
      return info;
    }
    const git = await iso();
    const { commit } = await git
      .readCommit({ fs, dir: this.dir, oid, cache: this.cache })
      .catch((error: unknown) => this.missingCommit(error));
    const info: CommitInfo = {
      oid,
      tree: commit.tree,
      parents: commit.parent,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
    };
    this.commits.set(oid, info);
    return info;
  }

  /** A shallow clone lacks the parents of its oldest commits: that is history ending early, not a broken repository. */
  private missingCommit(error: unknown): never {
    throw (error as { code?: string }).code === 'NotFoundError' && isShallow(this.dir) ? historyIncomplete() : error;
  }

  async readTree(oid: string): Promise<readonly RawTreeEntry[]> {
    const known = this.trees.get(oid);
    if (known) return known;
    if (this.nativeReader) {
      const { type, body } = await this.nativeReader.read(oid);
      // Like isomorphic-git, a commit id reads as its tree.
      const entries =
        type === 'tree' ? parseTree(body) : type === 'commit' ? await this.readTree(parseCommit(oid, body).tree) : [];
      if (type !== 'tree' && type !== 'commit') throw new Error(`${oid} is a ${type}, not a tree`);
      this.remember(oid, entries);
      return entries;
    }
    const git = await iso();
    const { tree } = await git.readTree({ fs, dir: this.dir, oid, cache: this.cache });
    const entries = tree.map((e) => ({ name: e.path, mode: e.mode, oid: e.oid, type: e.type }));
    this.remember(oid, entries);
    return entries;
  }

  /**
   * Bounded: a walk over history reads a new models/ tree per commit, and
   * keeping them all cost gigabytes on large registries.
   */
  private remember(oid: string, entries: readonly RawTreeEntry[]): void {
    if (this.trees.size >= TREE_CACHE_LIMIT) this.trees.clear();
    this.trees.set(oid, entries);
  }

  async readBlob(oid: string): Promise<Uint8Array> {
    if (this.nativeReader) {
      const { type, body } = await this.nativeReader.read(oid);
      if (type !== 'blob') throw new Error(`${oid} is a ${type}, not a blob`);
      return body;
    }
    const git = await iso();
    const { blob } = await git.readBlob({ fs, dir: this.dir, oid, cache: this.cache });
    return blob;
  }

  async currentBranch(): Promise<string | undefined> {
    const git = await iso();
    const branch = await git.currentBranch({ fs, dir: this.dir, fullname: false });
    return branch ?? undefined;
  }

  async head(): Promise<string | undefined> {
    if (this.nativeReader)
      return this.nativeReader.read('HEAD').then(
        (o) => o.oid,
        () => undefined,
      );
    const git = await iso();
    try {
      return await git.resolveRef({ fs, dir: this.dir, ref: 'HEAD' });
    } catch {
      return undefined;
    }
  }

  async identity(): Promise<{ name: string; email: string } | undefined> {
    // NOTE: isomorphic-git reads only the repository's own config; people set
    // their identity globally, so the global files are read here as git does.
    const git = await iso();
    const global = await readGlobalIdentity();
    const local = async (path: string) => (await git.getConfig({ fs, dir: this.dir, path })) as string | undefined;
    const name = process.env.GIT_AUTHOR_NAME ?? (await local('user.name')) ?? global.name;
    const email = process.env.GIT_AUTHOR_EMAIL ?? (await local('user.email')) ?? global.email;
    if (!name || !email) return undefined;
    return { name, email };
  }

  async commitFiles(request: CommitFilesRequest): Promise<string> {
    return commitFiles(this.writeContext(), request);
  }

  async prepareWrite(ref: string, updatesWorktree: boolean): Promise<void> {
    await prepareWrite(this.writeContext(), ref, updatesWorktree);
  }

  async finishInterruptedWrite(): Promise<string | undefined> {
    return finishInterruptedWrite(this.writeContext());
  }

  async createAnnotatedTag(
    name: string,
    object: string,
    message: string,
    tagger: { name: string; email: string },
    when: Date,
  ): Promise<void> {
    await createAnnotatedTag(this.writeContext(), name, object, message, tagger, when);
  }

  async readNote(notesRef: string, object: string): Promise<string | undefined> {
    const git = await iso();
    try {
      return new TextDecoder().decode(
        await git.readNote({ fs, dir: this.dir, ref: notesRef, oid: object, cache: this.cache }),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFoundError') return undefined;
      throw error;
    }
  }

  async addNote(
    notesRef: string,
    object: string,
    text: string,
    author: { name: string; email: string },
    when: Date,
  ): Promise<void> {
    await addNote(this.writeContext(), notesRef, object, text, author, when);
  }

  /** Writes go through commit-writer.ts, never isomorphic-git's writers (they write objects in place). */
  private writeContext(): WriteContext {
    return { dirs: gitDirectoriesOf(this.dir), reads: this, native: this.nativeReader !== undefined };
  }

  async push(remote: string, refs: readonly string[], token: string | undefined): Promise<void> {
    const git = await iso();
    const { default: http } = await import('isomorphic-git/http/node');
    const url = (await this.remoteUrl(remote)) ?? remote;
    if (token) refuseTokenOverPlainHttp(url, `pushing to ${remote}`);
    for (const ref of refs) {
      await git.push({
        fs,
        http,
        dir: this.dir,
        url,
        ref,
        remoteRef: ref,
        // GitHub takes a token as the password of any user name.
        ...(token ? { onAuth: () => ({ username: 'x-access-token', password: token }) } : {}),
      });
    }
  }

  async deleteBranch(name: string): Promise<void> {
    const git = await iso();
    await git.deleteBranch({ fs, dir: this.dir, ref: name });
  }

  async remoteUrl(remote: string): Promise<string | undefined> {
    if (/^https?:\/\//.test(remote)) return remote;
    const git = await iso();
    return (
      ((await git.getConfig({ fs, dir: this.dir, path: `remote.${remote}.url` })) as string | undefined) ?? undefined
    );
  }
}

/** user.name and user.email from the global git config files, in git's order of precedence. */
async function readGlobalIdentity(): Promise<{ name?: string; email?: string }> {
  const home = homedir();
  const files = process.env.GIT_CONFIG_GLOBAL
    ? [process.env.GIT_CONFIG_GLOBAL]
    : [join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'git', 'config'), join(home, '.gitconfig')];
  const identity: { name?: string; email?: string } = {};
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    let inUser = false;
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      const section = /^\[\s*([^\]\s"]+)[^\]]*\]/.exec(line);
      if (section) inUser = section[1]!.toLowerCase() === 'user';
      const pair = inUser ? /^(name|email)\s*=\s*(.*?)\s*$/i.exec(line) : null;
      if (pair) identity[pair[1]!.toLowerCase() as 'name' | 'email'] = pair[2]!.replace(/^"(.*)"$/, '$1');
    }
  }
  return identity;
}

/** The most annotated tags modelreg peels to reach a commit. */
const MAX_TAG_DEPTH = 10;

/** A branch, tag or (abbreviated) commit id: what `git cat-file` resolves exactly as `git rev-parse` does. */
const PLAIN_NAME = /^(?!.*\.\.)(?!-)[A-Za-z0-9._/-]+$/;

/** `--at <tree id>`, a tag of a blob: names a user typed that exist but are not commits. */
function notACommit(spec: string, type: string): UserError {
  return new UserError(
    'NOT_A_COMMIT',
    `"${spec}" names a ${type}, not a commit`,
    'Name a branch, tag or commit id (`git log --oneline` lists commits); a tree or blob id has no history to read.',
  );
}

/** Git peels any depth; modelreg stops after MAX_TAG_DEPTH reads, so a crafted chain of many tags cannot keep it reading. */
function tagChainTooDeep(spec: string): UserError {
  return new UserError(
    'TAG_CHAIN_TOO_DEEP',
    `"${spec}" is a tag of a tag of … more than ${MAX_TAG_DEPTH} deep`,
    `Name the commit it leads to instead: git rev-parse "${spec}^{commit}".`,
  );
}

function refNotFound(spec: string): UserError {
  return new UserError(
    'REF_NOT_FOUND',
    `cannot resolve "${spec}" to a commit`,
    'Name a branch, tag or commit id that exists in this repository (suffixes ~N and ^N are supported).',
  );
}
