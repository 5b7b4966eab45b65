/**
 * The registry's history from git: every registration, stage change,
 * rollback, deprecation and metadata change, each with its commit, author,
 * the time it landed on the branch, and its pull request.
 */
import type { LoadedFile } from '../contract/entry-files.js';
import type { Policy } from '../contract/policy.js';
import type { VersionEntry } from '../contract/version-schema.js';
import type { CommitInfo } from '../git/git-port.js';
import { parseTrailers } from '../registry/commit-trailers.js';
import { classifyPath, inRegistry, MODELS_DIR, modelDir } from '../snapshot/layout.js';
import { pathInRepository, treeAt, treeOf, type RegistryRepository } from '../snapshot/registry-repository.js';
import { parsedVersionBlob, RegistrySnapshot } from '../snapshot/registry-snapshot.js';
import { EMPTY_SOURCE, type SnapshotSource } from '../snapshot/snapshot-source.js';
import { diffSnapshots, type FileChange } from '../validate/change-set.js';
import { isRevertMessage, mergeVersionFileEvents, versionFileEvents, type EventType } from './events.js';
import { modelsDifferingFromEveryParent } from './merge-events.js';
import { commitsTouching } from './log-walk.js';
import { logWithChanges } from './native-log.js';
import { landings, landingsIn, parentGraph, type Landing } from './pull-requests.js';
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

/** A file a commit changed, with its blob in every parent (in order; one for a plain commit). */
interface OwnChange extends FileChange {
  readonly parentIds: readonly (string | undefined)[];
}

/**
 * The files a commit itself changed. For a merge, only files whose content
 * differs from every parent (its own conflict resolution), as git's combined
 * diff shows: the merged branch's changes are reported at their own commits.
 */
async function ownChanges(parents: readonly SnapshotSource[], after: SnapshotSource, path: string): Promise<OwnChange[]> {
  const own: OwnChange[] = [];
  for (const change of await diffSnapshots(parents[0] ?? EMPTY_SOURCE, after, [path])) {
    const mine = (await after.entry(change.path))?.id;
    const parentIds = await Promise.all(parents.map(async (p) => (await p.entry(change.path))?.id));
    if (parents.length < 2 || !parentIds.includes(mine)) own.push({ ...change, parentIds });
  }
  return own;
}

/** Where computed histories are kept between runs (see history-cache.ts); optional. */
export interface HistoryCache {
  /** `key` names the path and what of the policy the events depend on. */
  get(head: string, key: string): Promise<HistoryEvent[] | undefined>;
  put(head: string, key: string, events: readonly HistoryEvent[]): Promise<void>;
}

/** `repository` is where the registry is (a Registry): its git repository and the registry's directory in it. */
export async function readHistory(
  repository: RegistryRepository,
  head: string,
  policy: Policy,
  query: HistoryQuery = {},
  cache?: HistoryCache,
): Promise<HistoryEvent[]> {
  const path = query.model !== undefined ? modelDir(query.model) : MODELS_DIR;
  // A commit's history never changes: it is computed once per head, path and stage order, then filtered.
  // The key names the repository path: two registries of one repository have different histories.
  const key = `${pathInRepository(repository, path)}\0${stageOrder(policy)}`;
  let events = await cache?.get(head, key);
  if (!events) {
    const { native } = repository;
    events = native ? await nativeEvents(repository, native, head, path, policy) : await portableEvents(repository, head, path, policy);
    await cache?.put(head, key, events);
  }
  const { stage, since, until } = query;
  return events.filter((e) => {
    if (stage !== undefined && e.from !== stage && e.to !== stage) return false;
    if (since === undefined && until === undefined) return true;
    const date = new Date(e.date);
    return !(since && date < since) && !(until && date > until);
  });
}

/** With native git: one `git log --raw -c` for the commits and their changes, one `rev-list --parents` for landings. */
async function nativeEvents(repository: RegistryRepository, native: NativeGit, head: string, path: string, policy: Policy): Promise<HistoryEvent[]> {
  const { git } = repository;
  const [logged, graph] = await Promise.all([logWithChanges(native, head, pathInRepository(repository, path)), parentGraph(native, head)]);
  const known = new Map(logged.map(({ commit }) => [commit.oid, commit]));
  const landed = await landingsIn(graph, head, [...known.keys()], async (oid) => known.get(oid) ?? (await git.readCommit(oid)));
  const events: HistoryEvent[] = [];
  for (const { commit, changes: inRepository } of logged) {
    // git names repository paths; the registry's own are relative to its directory.
    const changes = inRepository.map((c) => ({ ...c, path: inRegistry(repository.root, c.path)! }));
    const start = events.length;
    for (const change of changes) {
      // The log names every blob of a change: parse them by id, no tree walks.
      const blob =
        (id: string | undefined): VersionFileAt =>
        (_, version) =>
          id === undefined ? Promise.resolve(undefined) : parsedVersionBlob(change.path, version, id, () => git.readBlob(id));
      await addEvents(events, commit, landed.get(commit.oid), policy, change, change.parentIds.map(blob), blob(change.newId));
    }
    await addMergeEvents(events, start, repository, commit, landed.get(commit.oid), path);
  }
  return events;
}

/** Without native git: the same answers from isomorphic-git reads (proven equal by test/native-git.test.ts). */
async function portableEvents(repository: RegistryRepository, head: string, path: string, policy: Policy): Promise<HistoryEvent[]> {
  const { git } = repository;
  const commits = await commitsTouching(git, head, pathInRepository(repository, path));
  const landed = await landings(git, head);
  const events: HistoryEvent[] = [];
  for (const { commit } of commits) {
    const after = new RegistrySnapshot(treeOf(repository, commit.tree, commit.oid.slice(0, 7)));
    const parents = await Promise.all(commit.parents.map(async (p) => new RegistrySnapshot(await treeAt(repository, p))));
    const versionFileIn =
      (snapshot: RegistrySnapshot): VersionFileAt =>
      (m, v) =>
        snapshot.versionFile(m, v);
    const start = events.length;
    for (const change of await ownChanges(parents.map((p) => p.source), after.source, path)) {
      await addEvents(events, commit, landed.get(commit.oid), policy, change, parents.map(versionFileIn), versionFileIn(after));
    }
    await addMergeEvents(events, start, repository, commit, landed.get(commit.oid), path);
  }
  return events;
}

type VersionFileAt = (model: string, version: string) => Promise<LoadedFile<VersionEntry> | undefined>;

/**
 * The events one changed file makes in one commit: version files by their
 * stage and fields, model files by presence. `parents` reads the file in each
 * parent (none for a root commit); a merge reports only what no parent had.
 */
async function addEvents(
  events: HistoryEvent[],
  commit: CommitInfo,
  landing: Landing | undefined,
  policy: Policy,
  change: OwnChange,
  parents: readonly VersionFileAt[],
  after: VersionFileAt,
): Promise<void> {
  const place = classifyPath(change.path);
  if (place.kind === 'version') {
    const { model, version } = place;
    const before = await Promise.all(parents.map((at) => at(model, version)));
    const context = commitContext(commit, policy);
    const now = await after(model, version);
    const facts = before.length > 1 ? mergeVersionFileEvents(version, before, now, context, model) : versionFileEvents(version, before[0], now, context, model);
    for (const fact of facts) events.push({ ...commonFields(commit, landing), model, ...fact });
  } else if (place.kind === 'model') {
    const inNoParent = change.parentIds.every((id) => id === undefined);
    const type: EventType = change.kind === 'deleted' ? 'delete' : inNoParent ? 'register' : 'metadata';
    events.push({ ...commonFields(commit, landing), model: place.model, version: null, type, from: null, to: null });
  }
}

/**
 * A merge that git log shows for a model (its directory differs from every
 * parent) but that changed nothing there itself is listed with one `merge`
 * event, attributed to its pull request like the rest.
 */
async function addMergeEvents(
  events: HistoryEvent[],
  start: number,
  repository: RegistryRepository,
  commit: CommitInfo,
  landing: Landing | undefined,
  path: string,
): Promise<void> {
  if (commit.parents.length < 2) return;
  const parents = await Promise.all(commit.parents.map((p) => treeAt(repository, p)));
  const own = treeOf(repository, commit.tree, commit.oid.slice(0, 7));
  for (const model of await modelsDifferingFromEveryParent(own, parents, path)) {
    if (events.slice(start).some((e) => e.model === model)) continue;
    events.push({ ...commonFields(commit, landing), model, version: null, type: 'merge', from: null, to: null });
  }
}

/** What of the policy events depend on: which stage changes count as promotions (see events.ts). */
function stageOrder(policy: Policy): string {
  return [...policy.stages].map(([name, stage]) => `${name}>${stage.demoteTo ?? ''}`).join(',');
}

function commitContext(commit: CommitInfo, policy: Policy) {
  return { trailers: parseTrailers(commit.message), isRevert: isRevertMessage(commit.message), policy };
}

function commonFields(commit: CommitInfo, landing: Landing | undefined) {
  const effective = landing?.via ?? commit;
  return {
    commit: commit.oid,
    date: new Date(effective.committer.timestamp * 1000).toISOString().replace('.000Z', 'Z'),
    authored: new Date(commit.author.timestamp * 1000).toISOString().replace('.000Z', 'Z'),
    author: `${commit.author.name} <${commit.author.email}>`,
    pr: landing?.pr ?? null,
    landedBy: effective.oid,
    subject: commit.message.split('\n')[0] ?? '',
  };
}
