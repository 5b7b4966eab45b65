/**
 * The registry's history from git: every registration, stage change,
 * rollback, deprecation and metadata change, each with its commit, author,
 * the time it landed on the branch, and its pull request.
 */
import type { LoadedFile } from '../contract/entry-files.js';
import type { Policy } from '../contract/policy.js';
import type { VersionEntry } from '../contract/version-schema.js';
import type { CommitInfo, RawChange } from '../git/git-port.js';
import {
  emergencyReason,
  parseGuardrailTrailers,
  parseTrailers,
  type GuardrailEvidence,
} from '../domain/commit-trailers.js';
import { classifyPath, inRegistry, MODELS_DIR, modelDir } from '../domain/layout.js';
import { pathInRepository, treeAt, treeOf, type RegistryRepository } from '../snapshot/registry-repository.js';
import { parsedVersionBlob, RegistrySnapshot } from '../snapshot/registry-snapshot.js';
import { EMPTY_SOURCE, type SnapshotSource } from '../snapshot/snapshot-source.js';
import { diffSnapshots, type FileChange } from '../validate/change-set.js';
import {
  isRevertMessage,
  mergeVersionFileEvents,
  versionFileEvents,
  type EventType,
  type WeightStep,
} from './events.js';
import { modelsDifferingFromEveryParent } from './merge-events.js';
import { walkEveryModel, type GraphCommit } from './model-walks.js';
import { historyWindow, listedForPath, listedForRegistry } from './history-window.js';
import { refuseShallowBoundary } from '../git/repository-checks.js';
import { landingsIn, type Landing } from './pull-requests.js';

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
  /** In a split stage: the weight before and after, when it changed (a ramp step). */
  readonly weight?: WeightStep;
  readonly pr: number | null;
  /** The first-parent commit that brought it onto the branch (a merge commit for a merged PR). */
  readonly landedBy: string;
  readonly subject: string;
  /** The reason a `Modelreg-Emergency:` trailer claims: a push without review (whether it was let through is the release note's word). */
  readonly emergency: string | null;
  /** A guardrail-triggered rollback (`guard --rollback`): the breaches its Modelreg-Guardrail trailers record; null otherwise. */
  readonly guardrail: readonly GuardrailEvidence[] | null;
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
async function ownChanges(
  parents: readonly SnapshotSource[],
  after: SnapshotSource,
  path: string,
): Promise<OwnChange[]> {
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
  /** The history last stored under `key`, whatever its head: extended when the new head allows (history-window.ts). */
  latest?(key: string): Promise<{ readonly head: string; readonly events: readonly HistoryEvent[] } | undefined>;
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
    const known = await cache?.latest?.(key);
    events = known && (await extendedHistory(repository, known, head, policy, query.model));
  }
  if (!events) {
    events =
      query.model === undefined
        ? await registryEvents(repository, head, policy)
        : await pathEvents(repository, head, path, policy);
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

/**
 * The history at `head` from one stored at an ancestor: the new commits'
 * events before the stored ones, where history-window.ts proves that is
 * exactly the cold answer; undefined where it cannot.
 */
async function extendedHistory(
  repository: RegistryRepository,
  known: { readonly head: string; readonly events: readonly HistoryEvent[] },
  head: string,
  policy: Policy,
  model: string | undefined,
): Promise<HistoryEvent[] | undefined> {
  const window = await historyWindow(repository.git, known.head, head);
  if (!window) return undefined;
  const listed =
    model === undefined
      ? await listedForRegistry(repository, window, head)
      : await listedForPath(repository, window, head, modelDir(model), model);
  if (!listed) return undefined;
  const parents = new Map([...window.commits].map(([oid, commit]) => [oid, commit.parents]));
  const landed = await landingsIn(
    parents,
    head,
    listed.map(({ commit }) => commit.oid),
    async (oid) => window.commits.get(oid) ?? (await repository.git.readCommit(oid)),
  );
  const events: HistoryEvent[] = [];
  for (const { commit, models } of listed) {
    const after = new RegistrySnapshot(treeOf(repository, commit.tree, commit.oid.slice(0, 7)));
    const before = await Promise.all(
      commit.parents.map(async (p) => new RegistrySnapshot(await treeAt(repository, p))),
    );
    const versionFileIn =
      (snapshot: RegistrySnapshot): VersionFileAt =>
      (m, v) =>
        snapshot.versionFile(m, v);
    for (const name of inTreeOrder(new Set(models))) {
      const start = events.length;
      for (const change of await ownChanges(
        before.map((p) => p.source),
        after.source,
        modelDir(name),
      )) {
        await addEvents(
          events,
          commit,
          landed.get(commit.oid),
          policy,
          change,
          before.map(versionFileIn),
          versionFileIn(after),
        );
      }
      await addMergeEvents(events, start, repository, commit, landed.get(commit.oid), modelDir(name));
    }
  }
  return [...events, ...known.events];
}

/** One log of the commits and their changes (`git log --raw -c` natively), one parent graph for landings. */
async function pathEvents(
  repository: RegistryRepository,
  head: string,
  path: string,
  policy: Policy,
): Promise<HistoryEvent[]> {
  const { git } = repository;
  const [logged, graph] = await Promise.all([
    git.logWithChanges(head, pathInRepository(repository, path)),
    git.parentGraph(head),
  ]);
  const known = new Map(logged.map(({ commit }) => [commit.oid, commit]));
  const landed = await landingsIn(
    graph,
    head,
    [...known.keys()],
    async (oid) => known.get(oid) ?? (await git.readCommit(oid)),
  );
  // Each commit's events depend only on that commit: computed a batch of commits at a time, so that their object
  // reads go to git together instead of one round trip after another, and concatenated in the log's order.
  const perCommit = await inBatches(logged, async ({ commit, changes: inRepository }) => {
    const events: HistoryEvent[] = [];
    // git names repository paths; the registry's own are relative to its directory.
    const changes = inRepository.map((c) => ({ ...c, path: inRegistry(repository.root, c.path)! }));
    for (const change of changes) {
      // The log names every blob of a change: parse them by id, no tree walks.
      const blob =
        (id: string | undefined): VersionFileAt =>
        (_, version) =>
          id === undefined
            ? Promise.resolve(undefined)
            : parsedVersionBlob(repository.parsedFiles, change.path, version, id, () => git.readBlob(id));
      await addEvents(
        events,
        commit,
        landed.get(commit.oid),
        policy,
        change,
        change.parentIds.map(blob),
        blob(change.newId),
      );
    }
    await addMergeEvents(events, 0, repository, commit, landed.get(commit.oid), path);
    return events;
  });
  return perCommit.flat();
}

/** Commits computed at once by pathEvents: enough to fill git's pipe, few enough to keep memory flat on long histories. */
const COMMIT_BATCH = 32;

/** `compute` for every item, up to COMMIT_BATCH at a time; the results in the items' order. */
async function inBatches<T, R>(items: readonly T[], compute: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += COMMIT_BATCH) {
    results.push(...(await Promise.all(items.slice(i, i + COMMIT_BATCH).map(compute))));
  }
  return results;
}

/**
 * The whole registry: each model's history exactly as `history <model>` has
 * it (git simplifies `-- models/<m>` model by model, not as `-- models`),
 * from one log of every commit's diffs against each parent.
 */
async function registryEvents(repository: RegistryRepository, head: string, policy: Policy): Promise<HistoryEvent[]> {
  const { git } = repository;
  const logged = new Map(
    (await git.logAgainstEveryParent(head, pathInRepository(repository, MODELS_DIR))).map((c) => [c.commit.oid, c]),
  );
  const inRegistryPaths = (changes: readonly RawChange[]) =>
    changes.map((c) => ({ ...c, path: inRegistry(repository.root, c.path)! }));
  const graph = new Map<string, GraphCommit>();
  for (const { commit, againstParents } of logged.values()) {
    graph.set(
      commit.oid,
      graphCommit(
        commit,
        commit.parents,
        againstParents.map((changes) => new Set(inRegistryPaths(changes).flatMap((c) => modelOf(c.path) ?? []))),
      ),
    );
  }
  const { order, shown } = walkEveryModel(graph, head);
  const listed = order.filter((oid) => shown.has(oid));
  refuseShallowBoundary(git.dir, listed);
  const parents = new Map([...logged.values()].map(({ commit }) => [commit.oid, commit.parents]));
  const landed = await landingsIn(
    parents,
    head,
    listed,
    async (oid) => logged.get(oid)?.commit ?? (await git.readCommit(oid)),
  );
  const events: HistoryEvent[] = [];
  for (const oid of listed) {
    const { commit, againstParents } = logged.get(oid)!;
    const own = byModel(inRegistryPaths(combinedChanges(againstParents)));
    for (const model of inTreeOrder(shown.get(oid)!)) {
      const start = events.length;
      for (const change of own.get(model) ?? []) {
        const blob =
          (id: string | undefined): VersionFileAt =>
          (_, version) =>
            id === undefined
              ? Promise.resolve(undefined)
              : parsedVersionBlob(repository.parsedFiles, change.path, version, id, () => git.readBlob(id));
        await addEvents(
          events,
          commit,
          landed.get(oid),
          policy,
          change,
          change.parentIds.map(blob),
          blob(change.newId),
        );
      }
      if (events.length === start)
        await addMergeEvents(events, start, repository, commit, landed.get(oid), modelDir(model));
    }
  }
  return events;
}

function graphCommit(
  commit: CommitInfo,
  parents: readonly string[],
  differs: readonly ReadonlySet<string>[],
): GraphCommit {
  return { oid: commit.oid, parents, timestamp: commit.committer.timestamp, differs };
}

/** The model whose directory holds a registry path (models/<model>/…), if any. */
function modelOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === MODELS_DIR && parts.length > 2 ? parts[1] : undefined;
}

/** Changes grouped by their model, each group in the order given. */
function byModel<T extends { readonly path: string }>(changes: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const change of changes) {
    const model = modelOf(change.path);
    if (model === undefined) continue;
    const group = groups.get(model);
    if (group) group.push(change);
    else groups.set(model, [change]);
  }
  return groups;
}

/** git's order of the model directories (a directory sorts as its name and a slash), as its diffs list them. */
function inTreeOrder(models: ReadonlySet<string>): string[] {
  return [...models].sort((a, b) => (`${a}/` < `${b}/` ? -1 : `${a}/` > `${b}/` ? 1 : 0));
}

/** A commit's own changes from its diffs against each parent: for a merge, the files that differ from every parent (git's combined diff). */
function combinedChanges(againstParents: readonly (readonly RawChange[])[]): RawChange[] {
  const [first = [], ...others] = againstParents;
  const byPath = others.map((changes) => new Map(changes.map((c) => [c.path, c])));
  return first.flatMap((change) => {
    const sides = byPath.map((side) => side.get(change.path));
    return sides.every((side) => side !== undefined)
      ? [{ ...change, parentIds: [change.oldId, ...sides.map((side) => side!.oldId)] }]
      : [];
  });
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
    const facts =
      before.length > 1
        ? mergeVersionFileEvents(version, before, now, context, model)
        : versionFileEvents(version, before[0], now, context, model);
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

/**
 * What every event of one commit shares, made once per commit: a whole registry's ~110,000 events at 10,000
 * models then share ~20,000 commits' strings instead of each holding its own copies.
 */
const commonOfCommit = new WeakMap<CommitInfo, { landing: Landing | undefined; fields: CommonFields }>();

type CommonFields = ReturnType<typeof newCommonFields>;

function commonFields(commit: CommitInfo, landing: Landing | undefined): CommonFields {
  const known = commonOfCommit.get(commit);
  if (known && known.landing === landing) return known.fields;
  const fields = newCommonFields(commit, landing);
  commonOfCommit.set(commit, { landing, fields });
  return fields;
}

function newCommonFields(commit: CommitInfo, landing: Landing | undefined) {
  const effective = landing?.via ?? commit;
  return {
    commit: commit.oid,
    date: new Date(effective.committer.timestamp * 1000).toISOString().replace('.000Z', 'Z'),
    authored: new Date(commit.author.timestamp * 1000).toISOString().replace('.000Z', 'Z'),
    author: `${commit.author.name} <${commit.author.email}>`,
    pr: landing?.pr ?? null,
    landedBy: effective.oid,
    subject: commit.message.split('\n')[0] ?? '',
    emergency: emergencyReason(commit.message) ?? null,
    guardrail: guardrailEvidence(commit.message),
  };
}

function guardrailEvidence(message: string): GuardrailEvidence[] | null {
  const evidence = parseGuardrailTrailers(message);
  return evidence.length > 0 ? evidence : null;
}
