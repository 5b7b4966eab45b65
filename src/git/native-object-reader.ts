/**
 * Reads git objects through one long-lived `git cat-file --batch` process.
 * isomorphic-git first fails a loose-object lookup for every packed object
 * and inflates in JavaScript; this answers the same reads natively. Used for
 * reads only, when git is on PATH; tests prove the answers are identical.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { CommitInfo, Person, RawTreeEntry } from './git-port.js';

export interface NativeObject {
  readonly oid: string;
  readonly type: string;
  readonly body: Buffer;
}

interface Pending {
  readonly resolve: (value: NativeObject) => void;
  readonly reject: (error: Error) => void;
  readonly oid: string;
}

export class NativeObjectReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly queue: Pending[] = [];
  /** Names asked for in this turn of the event loop, written to cat-file together (one write per object cost a cold M run 0.4 s). */
  private unsent: string[] = [];

  constructor(private readonly dir: string) {}

  /** Runs another git command in the same repository (index updates after a commit). */
  git(args: readonly string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile('git', ['-C', this.dir, ...args], (error, _stdout, stderr) =>
        error ? reject(new Error(`git ${args[0]} failed: ${stderr || error.message}`)) : resolve(),
      );
    });
  }

  /** The output of another git command in the same repository. */
  output(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        ['-C', this.dir, ...args],
        { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`git ${args.join(' ')} failed: ${stderr || error.message}`)) : resolve(stdout),
      );
    });
  }

  /** An object by id, or by any name `git cat-file` takes (a ref, `<tree>:<path>`). */
  read(oid: string): Promise<NativeObject> {
    // cat-file reads one name per line; git allows a newline in a path, and such a name would desynchronise the answers.
    if (oid.includes('\n'))
      return Promise.reject(
        Object.assign(new Error(`cannot look up a name with a newline`), { code: 'NotFoundError' }),
      );
    this.start();
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) this.keepAlive(true);
      this.queue.push({ resolve, reject, oid });
      if (this.unsent.length === 0) process.nextTick(() => this.flush());
      this.unsent.push(oid);
    });
  }

  /** Sends the names asked for since the last flush, in the order asked: answers come back in that order. */
  private flush(): void {
    const names = this.unsent;
    this.unsent = [];
    if (names.length === 0) return;
    // The process may have exited meanwhile; failAll has then rejected these reads already.
    this.child?.stdin.write(`${names.join('\n')}\n`);
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['-C', this.dir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    child.on('error', (error) => this.failAll(error));
    // A cat-file that died makes the next write fail with EPIPE: an error for the pending reads, not a crash.
    child.stdin.on('error', (error) => this.failAll(error));
    child.on('close', () => this.failAll(new Error('git cat-file exited')));
    this.child = child;
    this.keepAlive(false);
    return child;
  }

  /** Holds the event loop open only while reads are pending: an idle reader never keeps the CLI from exiting. */
  private keepAlive(on: boolean): void {
    const child = this.child;
    if (!child) return;
    for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as {
      ref?: () => void;
      unref?: () => void;
    }[]) {
      if (on) handle.ref?.();
      else handle.unref?.();
    }
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const newline = this.buffer.indexOf(10);
      if (newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      const pending = this.queue[0]!;
      const found = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
      if (!found) {
        // "<name> missing", "<name> ambiguous" or similar: no object follows.
        this.queue.shift();
        this.buffer = this.buffer.subarray(newline + 1);
        pending.reject(Object.assign(new Error(`object ${pending.oid} not found`), { code: 'NotFoundError' }));
        continue;
      }
      const [, oid, type, size] = found;
      const length = Number(size);
      if (this.buffer.length < newline + 1 + length + 1) return;
      const body = Buffer.from(this.buffer.subarray(newline + 1, newline + 1 + length));
      this.buffer = this.buffer.subarray(newline + 1 + length + 1);
      this.queue.shift();
      pending.resolve({ oid: oid!, type: type!, body });
    }
    if (this.queue.length === 0) this.keepAlive(false);
  }

  private failAll(error: Error): void {
    this.keepAlive(false);
    this.unsent = [];
    for (const pending of this.queue.splice(0)) pending.reject(error);
    this.child = undefined;
  }
}

export function parseCommit(oid: string, body: Buffer): CommitInfo {
  const text = body.toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = (split < 0 ? text : text.slice(0, split)).split('\n');
  const message = split < 0 ? '' : text.slice(split + 2);
  let tree = '';
  const parents: string[] = [];
  let author: Person | undefined;
  let committer: Person | undefined;
  for (const line of headers) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
    else if (line.startsWith('author ')) author = parsePerson(line.slice(7));
    else if (line.startsWith('committer ')) committer = parsePerson(line.slice(10));
  }
  return { oid, tree, parents, author: author!, committer: committer!, message };
}

/** `Name <email> 1700000000 +0100`, with isomorphic-git's sign convention for the offset. */
function parsePerson(text: string): Person {
  const match = /^(.*) <(.*)> (\d+) ([+-])(\d\d)(\d\d)$/.exec(text);
  if (!match) return { name: text, email: '', timestamp: 0, timezoneOffset: 0 };
  const minutes = Number(match[5]) * 60 + Number(match[6]);
  return {
    name: match[1]!,
    email: match[2]!,
    timestamp: Number(match[3]),
    timezoneOffset: (match[4] === '+' ? -minutes : minutes) || 0,
  };
}

export function parseTree(body: Buffer): RawTreeEntry[] {
  const entries: RawTreeEntry[] = [];
  let i = 0;
  while (i < body.length) {
    const space = body.indexOf(32, i);
    const nul = body.indexOf(0, space);
    const rawMode = body.subarray(i, space).toString('utf8');
    const mode = rawMode.padStart(6, '0');
    const name = body.subarray(space + 1, nul).toString('utf8');
    const oid = body.subarray(nul + 1, nul + 21).toString('hex');
    const type = mode === '040000' ? 'tree' : mode === '160000' ? 'commit' : 'blob';
    entries.push({ name, mode, oid, type });
    i = nul + 21;
  }
  return entries;
}
