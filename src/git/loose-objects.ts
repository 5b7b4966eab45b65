/**
 * Git objects written the way git writes them: zlib-deflated
 * "<type> <size>\0<content>" in a temporary file in the object directory,
 * flushed, then renamed to objects/xx/yyyy. isomorphic-git writes in place
 * and trusts any file already at the name, so a process killed mid-write left
 * an empty object that every later write of the same content trusted (a
 * commit then referenced a blob nobody could read). Here an existing file is
 * trusted only when it inflates to content with its own name.
 */
import { nodeCrypto } from '../domain/lazy-crypto.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { writeFileAtomically } from './atomic-file.js';
import type { Person, RawTreeEntry } from './git-port.js';

export type ObjectType = 'blob' | 'tree' | 'commit' | 'tag';

/** Writes one object into `objectsDir` (unless a sound copy is already there); returns its id. */
export async function writeObject(objectsDir: string, type: ObjectType, content: Uint8Array): Promise<string> {
  const raw = Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]);
  const oid = sha1(raw);
  const dir = join(objectsDir, oid.slice(0, 2));
  const path = join(dir, oid.slice(2));
  if (await holdsObject(path, oid)) return oid;
  // NOTE: git renames over a damaged object too; object files are read-only (0444) as git makes them.
  await writeFileAtomically(path, deflateSync(raw), { tempPrefix: 'tmp_obj_', mode: 0o444 });
  return oid;
}

/** Whether the loose object file at `path` is complete and is the object `oid`. */
export async function holdsObject(path: string, oid: string): Promise<boolean> {
  const stored = await readFile(path).catch(() => undefined);
  if (stored === undefined || stored.length === 0) return false;
  try {
    return sha1(inflateSync(stored)) === oid;
  } catch {
    return false;
  }
}

function sha1(data: Uint8Array): string {
  return nodeCrypto().createHash('sha1').update(data).digest('hex');
}

/** A tree object's content, entries in git's order (a tree's name sorts as if it ended in "/"). */
export function formatTree(entries: readonly RawTreeEntry[]): Buffer {
  const sortKey = (e: RawTreeEntry) => Buffer.from(e.type === 'tree' ? `${e.name}/` : e.name);
  const sorted = [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
  return Buffer.concat(
    sorted.flatMap((e) => [Buffer.from(`${e.mode.replace(/^0+/, '')} ${e.name}\0`), Buffer.from(e.oid, 'hex')]),
  );
}

export function formatCommit(commit: {
  tree: string;
  parents: readonly string[];
  author: Person;
  committer: Person;
  message: string;
}): Buffer {
  const lines = [
    `tree ${commit.tree}`,
    ...commit.parents.map((p) => `parent ${p}`),
    `author ${formatPerson(commit.author)}`,
    `committer ${formatPerson(commit.committer)}`,
  ];
  return Buffer.from(`${lines.join('\n')}\n\n${withNewline(commit.message)}`);
}

export function formatTag(tag: {
  object: string;
  type: ObjectType;
  name: string;
  tagger: Person;
  message: string;
}): Buffer {
  return Buffer.from(
    `object ${tag.object}\ntype ${tag.type}\ntag ${tag.name}\ntagger ${formatPerson(tag.tagger)}\n\n${withNewline(tag.message)}`,
  );
}

/** `Name <email> 1700000000 +0100`; timezoneOffset has isomorphic-git's sign (UTC+1 is -60). */
function formatPerson(person: Person): string {
  const minutes = Math.abs(person.timezoneOffset);
  const sign = person.timezoneOffset > 0 ? '-' : '+';
  const zone = `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
  return `${person.name} <${person.email}> ${person.timestamp} ${zone}`;
}

function withNewline(message: string): string {
  return message.endsWith('\n') ? message : `${message}\n`;
}
