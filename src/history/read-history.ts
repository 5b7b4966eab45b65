/**
 * The registry's history from git: every registration, stage change,
 * rollback, deprecation and metadata change, each with its commit, author,
 * the time it landed on the branch, and its pull request.
 */
import type { Policy } from '../contract/policy.js';
import type { GitPort } from '../git/git-port.js';
import { parseTrailers } from '../registry/commit-trailers.js';
import { classifyPath, MODELS_DIR, modelDir } from '../snapshot/layout.js';
import { GitTreeSource } from '../snapshot/git-tree-source.js';
import { parsedVersionBlob, RegistrySnapshot } from '../snapshot/registry-snapshot.js';
import { EMPTY_SOURCE, type SnapshotSource } from '../snapshot/snapshot-source.js';
import { diffSnapshots, type FileChange } from '../validate/change-set.js';
import { isRevertMessage, versionFileEvents, type EventType } from './events.js';
import { commitsTouching } from './log-walk.js';
import { landingsOf } from './pull-requests.js';
import type { NativeGit } from '../git/native-git.js';

export interface HistoryEvent {
  /** The commit that made the change. */
  readonly commit: string;
  /** When it took effect on the branch: the landing commit's committer date (ISO 8601, UTC). */
  readonly date: string;
  /** When the change was authored. */
  readonly authored: string;
  readonly author: string;
  readonly model: string;
  /** null for model-level changes (model.yaml). */
  readonly version: string | null;
  readonly type: EventType;
  readonly from: string | null;
  readonly to: string | null;
  readonly pr: number | null;
  /** The first-parent commit that brought it onto the branch (a merge commit for a merged PR). */
  readonly landedBy: string;
  readonly subject: string;
}

export interface HistoryQuery {
  readonly model?: string;
  /** Only stage changes into or out of this stage, and registrations into it. */
  readonly stage?: string;
  readonly since?: Date;
  readonly until?: Date;
}

interface RawChange extends FileChange {
  readonly oldId: string | undefined;
  readonly newId: string | undefined;
}

const ZERO_ID = /^0+$/;

/**
 * Every commit's own changes under `path`, as `git log --raw -c` reports them:
 * against the parent, and for a merge only the files that differ from every
 * parent (the combined diff), compared with the first parent.
 */
async function rawChanges(native: NativeGit, head: string, path: string): Promise<Map<string, RawChange[]>> {
  const result = new Map<string, RawChange[]>();
  let current: RawChange[] | undefined;
  for (const line of await native.lines(['log', '--format=@@%H', '--raw', '-c', '--no-abbrev', '--no-renames', head, '--', path])) {
    if (line.startsWith('@@')) {
      current = [];
      result.set(line.slice(2), current);
      continue;
    }
    const match = /^(:+)(\S.*?)\t(.*)$/.exec(line);
    if (!match || !current) continue;
    const parents = match[1]!.length;
    const fields = match[2]!.trim().split(/\s+/);
    const ids = fields.slice(parents + 1, parents + 1 + parents + 1);
    const oldId = ZERO_ID.test(ids[0]!) ? undefined : ids[0];
    const newId = ZERO_ID.test(ids[ids.length - 1]!) ? undefined : ids[ids.length - 1];
    const mode = fields[parents]!;
    current.push({
      path: match[3]!,
      kind: oldId === undefined ? 'added' : newId === undefined ? 'deleted' : 'modified',
      headType: newId === undefined ? undefined : mode === '120000' ? 'symlink' : 'blob',
      oldId,
      newId,
    });
  }
  return result;
}

/**
 * The files a commit itself changed. For a merge, only files whose content
 * differs from every parent (its own conflict resolution), as git's combined
 * diff shows: the merged branch's changes are reported at their own commits.
 */
async function ownChanges(
  git: GitPort,
  parents: readonly string[],
  before: SnapshotSource,
  after: SnapshotSource,
  path: string,
): Promise<FileChange[]> {
  const changes = await diffSnapshots(before, after, [path]);
  if (parents.length < 2) return changes;
  const others = await Promise.all(parents.slice(1).map((p) => GitTreeSource.atCommit(git, p)));
  const own: FileChange[] = [];
  for (const change of changes) {
    const mine = (await after.entry(change.path))?.id;
    const sameAsOther = await Promise.all(others.map(async (o) => (await o.entry(change.path))?.id === mine));
    if (!sameAsOther.some(Boolean)) own.push(change);
  }
  return own;
}

export async function readHistory(
  git: GitPort,
  head: string,
  policy: Policy,
  query: HistoryQuery = {},
  native?: NativeGit,
): Promise<HistoryEvent[]> {
  const path = query.model !== undefined ? modelDir(query.model) : MODELS_DIR;
  const commits = await commitsTouching(git, head, path, native);
  // With native git, one `git log --raw` names every commit's own changes and their blob ids.
  const nativeChanges = native ? await rawChanges(native, head, path) : undefined;
  const landed = await landingsOf(git, head, commits.map((c) => c.commit.oid), native);
  const events: HistoryEvent[] = [];
  for (const { commit, parent } of commits) {
    const landing = landed.get(commit.oid);
    const effective = landing?.via ?? commit;
    const date = new Date(effective.committer.timestamp * 1000);
    if ((query.since && date < query.since) || (query.until && date > query.until)) continue;
    const after = new RegistrySnapshot(new GitTreeSource(git, commit.tree, commit.oid.slice(0, 7)));
    const before = new RegistrySnapshot(parent ? await GitTreeSource.atCommit(git, parent) : EMPTY_SOURCE);
    const context = { trailers: parseTrailers(commit.message), isRevert: isRevertMessage(commit.message), policy };
    const common = {
      commit: commit.oid,
      date: date.toISOString().replace('.000Z', 'Z'),
      authored: new Date(commit.author.timestamp * 1000).toISOString().replace('.000Z', 'Z'),
      author: `${commit.author.name} <${commit.author.email}>`,
      pr: landing?.pr ?? null,
      landedBy: effective.oid,
      subject: commit.message.split('\n')[0] ?? '',
    };
    const raw = nativeChanges?.get(commit.oid);
    const changes = raw ?? (await ownChanges(git, commit.parents, before.source, after.source, path));
    for (const change of changes) {
      const place = classifyPath(change.path);
      if (place.kind === 'version') {
        const blob = (id: string | undefined) =>
          id === undefined ? Promise.resolve(undefined) : parsedVersionBlob(change.path, place.version, id, () => git.readBlob(id));
        const facts = versionFileEvents(
          place.version,
          raw ? await blob((change as RawChange).oldId) : await before.versionFile(place.model, place.version),
          raw ? await blob((change as RawChange).newId) : await after.versionFile(place.model, place.version),
          context,
          place.model,
        );
        for (const fact of facts) events.push({ ...common, model: place.model, ...fact });
      } else if (place.kind === 'model') {
        const type = change.kind === 'added' ? 'register' : change.kind === 'deleted' ? 'delete' : 'metadata';
        events.push({ ...common, model: place.model, version: null, type, from: null, to: null });
      }
    }
  }
  const stage = query.stage;
  return stage === undefined ? events : events.filter((e) => e.from === stage || e.to === stage);
}
