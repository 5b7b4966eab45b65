/**
 * Naming commits as `git rev-parse` does: a branch, tag or (abbreviated) id,
 * HEAD, with ~N and ^N suffixes; annotated tags peeled to the commit they name.
 */
import { UserError } from '../domain/errors.js';

/** A branch, tag or (abbreviated) commit id: what `git cat-file` resolves exactly as `git rev-parse` does. */
export const PLAIN_NAME = /^(?!.*\.\.)(?!-)[A-Za-z0-9._/-]+$/;

/**
 * The commit `spec` names: `resolveName` finds the commit of the name part,
 * `parents` reads a commit's parents for the suffixes.
 */
export async function resolveCommitSpec(
  spec: string,
  resolveName: (name: string) => Promise<string>,
  parents: (oid: string) => Promise<readonly string[]>,
): Promise<string> {
  const match = /^(.*?)((?:[~^]\d*)*)$/.exec(spec.trim());
  const name = match?.[1] ?? '';
  const suffix = match?.[2] ?? '';
  if (name === '') throw refNotFound(spec);
  let oid = await resolveName(name).catch((error: unknown) => {
    throw error instanceof UserError || !aboutTheName(error) ? error : refNotFound(spec);
  });
  const parentOf = async (index: number) => {
    const parent = (await parents(oid))[index];
    if (parent === undefined) throw refNotFound(spec);
    return parent;
  };
  for (const [, op, count] of suffix.matchAll(/([~^])(\d*)/g)) {
    const n = count === '' ? 1 : Number(count);
    if (op === '~') {
      for (let i = 0; i < n; i++) oid = await parentOf(0);
    } else if (n > 0) {
      oid = await parentOf(n - 1);
    }
  }
  return oid;
}

/** An object as far as peeling needs it. */
export interface TypedObject {
  readonly oid: string;
  readonly type: string;
  /** For a tag: the object it names. */
  readonly target?: string;
}

/** Peels annotated tags down to the commit they name. */
export async function peelToCommit(
  name: string,
  first: TypedObject,
  read: (oid: string) => Promise<TypedObject>,
): Promise<string> {
  let object = first;
  for (let depth = 0; depth <= MAX_TAG_DEPTH; depth++) {
    if (object.type === 'commit') return object.oid;
    if (object.type !== 'tag' || object.target === undefined) throw notACommit(name, object.type);
    object = await read(object.target);
  }
  throw tagChainTooDeep(name);
}

/** The most annotated tags modelreg peels to reach a commit. */
const MAX_TAG_DEPTH = 10;

/** Git peels any depth; modelreg stops after MAX_TAG_DEPTH reads, so a crafted chain of many tags cannot keep it reading. */
function tagChainTooDeep(spec: string): UserError {
  return new UserError(
    'TAG_CHAIN_TOO_DEEP',
    `"${spec}" is a tag of a tag of … more than ${MAX_TAG_DEPTH} deep`,
    `Name the commit it leads to instead: git rev-parse "${spec}^{commit}".`,
  );
}

/** `--at <tree id>`, a tag of a blob: names a user typed that exist but are not commits. */
export function notACommit(spec: string, type: string): UserError {
  return new UserError(
    'NOT_A_COMMIT',
    `"${spec}" names a ${type}, not a commit`,
    'Name a branch, tag or commit id (`git log --oneline` lists commits); a tree or blob id has no history to read.',
  );
}

export function refNotFound(spec: string): UserError {
  return new UserError(
    'REF_NOT_FOUND',
    `cannot resolve "${spec}" to a commit`,
    'Name a branch, tag or commit id that exists in this repository (suffixes ~N and ^N are supported).',
  );
}

/**
 * A failure that says the name resolves to nothing (isomorphic-git's NotFoundError and the like, `missing` from
 * git cat-file): not a git that died or a system call that failed, which are not the user's name's fault.
 */
function aboutTheName(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && !/^E[A-Z]+$/.test(code);
}
