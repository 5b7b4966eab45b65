/**
 * The history questions asked of native git. One `git log --raw -c` over a
 * path gives the commits `git log -- <path>` shows (git's default history
 * simplification), each with its author, committer and message, and the
 * files it changed itself with their blob ids: history needs nothing else
 * from the commits, so it reads none of them again.
 */
import type { CommitAgainstParents, CommitInfo, LoggedCommit, Person, RawChange } from './git-port.js';
import type { NativeGit } from './native-git.js';
import { refuseShallowBoundary } from './repository-checks.js';

const RECORD = '\x1e';
const FIELD = '\x1f';
// %B is the message as stored; the dates are "seconds ±hhmm" with --date=raw.
const FORMAT = [`${RECORD}%H`, '%T', '%P', '%an', '%ae', '%ad', '%cn', '%ce', '%cd', `%B${FIELD}`].join(FIELD);
const ZERO_ID = /^0+$/;

export async function logWithChanges(native: NativeGit, head: string, path: string): Promise<LoggedCommit[]> {
  const output = await native.run([
    'log',
    `--format=${FORMAT}`,
    '--date=raw',
    '--raw',
    '-c',
    '--root',
    '--no-abbrev',
    '--no-renames',
    head,
    '--',
    path,
  ]);
  const commits = commitRecords(output).map(({ commit, rest }) => ({ commit, changes: rawChanges(rest) }));
  // git shows a shallow clone's oldest commit as a root: everything in it would look newly registered.
  refuseShallowBoundary(
    native.dir,
    commits.map(({ commit }) => commit.oid),
  );
  return commits;
}

/**
 * Every commit reachable from `head`, newest first, each with what differs
 * under `path` from each of its parents: what git's simplification of any
 * path below `path` decides by. Two processes in parallel: the commits, and
 * their diffs against every parent (`--diff-merges=separate`, whose
 * `(from <parent>)` only the built-in formats print).
 */
export async function logAgainstEveryParent(
  native: NativeGit,
  head: string,
  path: string,
): Promise<CommitAgainstParents[]> {
  // Each commit's raw changes by parent, parsed line by line as git writes them.
  const blocks = new Map<string, Map<string, RawChange[]>>();
  let block: RawChange[] = [];
  const take = (line: string) => {
    if (line.startsWith(':')) {
      const change = rawChange(line);
      if (change) block.push(change);
      return;
    }
    const header = /^([0-9a-f]{40,64})(?: \(from ([0-9a-f]{40,64})\))?(?: |$)/.exec(line);
    if (!header) return;
    const byParent = blocks.get(header[1]!) ?? new Map<string, RawChange[]>();
    blocks.set(header[1]!, byParent);
    block = [];
    // A commit with one parent (or none) names none: its one diff.
    byParent.set(header[2] ?? '', block);
  };
  const [log] = await Promise.all([
    native.run(['log', `--format=${FORMAT}`, '--date=raw', head]),
    native.eachLine(
      [
        'log',
        '--oneline',
        '--no-abbrev-commit',
        '--no-decorate',
        '--no-color',
        '--full-history',
        '--sparse',
        '--diff-merges=separate',
        '--root',
        '--raw',
        '--no-abbrev',
        '--no-renames',
        head,
        '--',
        path,
      ],
      take,
    ),
  ]);
  return commitRecords(log).map(({ commit }) => {
    const byParent = blocks.get(commit.oid);
    const against = (parent: string) => byParent?.get(parent) ?? [];
    return { commit, againstParents: commit.parents.length < 2 ? [against('')] : commit.parents.map(against) };
  });
}

/** Every commit reachable from `head` with its parents, from one `git rev-list --parents`. */
export async function parentGraph(native: NativeGit, head: string): Promise<Map<string, string[]>> {
  const parents = new Map<string, string[]>();
  for (const line of await native.lines(['rev-list', '--parents', head])) {
    const [oid, ...rest] = line.split(' ');
    parents.set(oid!, rest);
  }
  return parents;
}

/** The first-parent commits that changed `path` against their first parent, from one `git log`. */
export async function* firstParentLog(native: NativeGit, from: string, path: string): AsyncGenerator<string> {
  yield* await native.lines(['log', '--first-parent', '--format=%H', from, '--', path]);
}

/** The newest first-parent commit at or before `when`, from one `git rev-list`. */
export async function firstParentCommitAt(native: NativeGit, from: string, when: Date): Promise<string | undefined> {
  const [found] = await native.lines([
    'rev-list',
    '--first-parent',
    '-1',
    `--until=@${Math.floor(when.getTime() / 1000)}`,
    from,
  ]);
  return found;
}

function commitRecords(output: string): { commit: CommitInfo; rest: string }[] {
  const records: { commit: CommitInfo; rest: string }[] = [];
  for (const record of output.split(RECORD)) {
    if (record === '') continue;
    const fields = record.split(FIELD);
    const [
      oid,
      tree,
      parents,
      authorName,
      authorEmail,
      authorDate,
      committerName,
      committerEmail,
      committerDate,
      message,
    ] = fields;
    records.push({
      commit: {
        oid: oid!,
        tree: tree!,
        parents: parents === '' ? [] : parents!.split(' '),
        author: person(authorName!, authorEmail!, authorDate!),
        committer: person(committerName!, committerEmail!, committerDate!),
        message: message!,
      },
      rest: fields.slice(10).join(FIELD),
    });
  }
  return records;
}

/** `1700000000 +0100`, with isomorphic-git's sign convention for the offset (UTC+1 is -60). */
function person(name: string, email: string, date: string): Person {
  const match = /^(\d+) ([+-])(\d\d)(\d\d)$/.exec(date);
  const minutes = match ? Number(match[3]) * 60 + Number(match[4]) : 0;
  return {
    name,
    email,
    timestamp: match ? Number(match[1]) : 0,
    timezoneOffset: (match?.[2] === '+' ? -minutes : minutes) || 0,
  };
}

function rawChanges(text: string): RawChange[] {
  return text.split('\n').flatMap((line) => rawChange(line) ?? []);
}

/** `:100644 100644 <old> <new> M\t<path>`, or `::…` with one more mode and id per parent for a merge. */
function rawChange(line: string): RawChange | undefined {
  const match = /^(:+)(\S.*?)\t(.*)$/.exec(line);
  if (!match) return undefined;
  const parents = match[1]!.length;
  const fields = match[2]!.trim().split(/\s+/);
  const ids = fields.slice(parents + 1, parents + 1 + parents + 1).map((id) => (ZERO_ID.test(id) ? undefined : id));
  const parentIds = ids.slice(0, -1);
  const oldId = parentIds[0];
  const newId = ids[ids.length - 1];
  const mode = fields[parents]!;
  return {
    path: match[3]!,
    kind: oldId === undefined ? 'added' : newId === undefined ? 'deleted' : 'modified',
    headType: newId === undefined ? undefined : mode === '120000' ? 'symlink' : 'blob',
    oldId,
    newId,
    parentIds,
  };
}
