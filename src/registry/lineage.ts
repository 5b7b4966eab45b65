/** Where a version came from and what came from it, and the stages it held over time. */
import semver from 'semver';
import type { VersionEntry } from '../contract/version-schema.js';
import { modelTimeline, stageAssignment } from '../history/model-timeline.js';
import type { RegistryRepository } from '../snapshot/registry-repository.js';
import type { RegistryView } from './registry-view.js';

export interface StageSpan {
  readonly stage: string;
  /** When the branch first showed the version in this stage (committer date, ISO 8601). */
  readonly since: string;
  /** When it left the stage, or null while it still holds it. */
  readonly until: string | null;
  readonly commit: string;
}

export interface Lineage {
  readonly model: string;
  readonly version: string;
  readonly stage: string;
  /** Parent, grandparent, …: nearest first. */
  readonly ancestors: readonly { readonly version: string; readonly stage: string | null }[];
  readonly children: readonly { readonly version: string; readonly stage: string }[];
  readonly data: NonNullable<NonNullable<VersionEntry['lineage']>['data']>;
  readonly code: NonNullable<VersionEntry['lineage']>['code'] | null;
  readonly run: string | null;
  readonly stages: readonly StageSpan[];
}

/** `repository` is where the registry is (a Registry): its history gives the stage spans. */
export async function readLineage(
  repository: RegistryRepository,
  view: RegistryView,
  model: string,
  version: string,
): Promise<Lineage> {
  const entry = await view.version(model, version);
  const all = await view.versions(model);
  const byVersion = new Map<string, VersionEntry>();
  for (const v of all) byVersion.set(v.version, await view.version(model, v.version));

  const ancestors: { version: string; stage: string | null }[] = [];
  const seen = new Set([version]);
  for (let parent = entry.lineage?.parent; parent !== undefined && !seen.has(parent);) {
    seen.add(parent);
    const found = byVersion.get(parent);
    ancestors.push({ version: parent, stage: found?.stage ?? null });
    parent = found?.lineage?.parent;
  }
  const children = [...byVersion.values()]
    .filter((v) => v.lineage?.parent === version)
    .map((v) => ({ version: v.version, stage: v.stage }))
    .sort((a, b) => semver.compare(a.version, b.version));

  return {
    model,
    version,
    stage: entry.stage,
    ancestors,
    children,
    data: entry.lineage?.data ?? [],
    code: entry.lineage?.code ?? null,
    run: entry.lineage?.run ?? null,
    stages: view.commit ? await stageSpans(repository, view.commit, model, version) : [],
  };
}

async function stageSpans(
  repository: RegistryRepository,
  head: string,
  model: string,
  version: string,
): Promise<StageSpan[]> {
  const points: { stage: string | undefined; at: string; commit: string }[] = [];
  for await (const revision of modelTimeline(repository, head, model)) {
    points.push({
      stage: stageAssignment(revision.state).get(version),
      at: new Date(revision.commit.committer.timestamp * 1000).toISOString().replace('.000Z', 'Z'),
      commit: revision.commit.oid,
    });
  }
  const spans: StageSpan[] = [];
  for (const point of points.reverse()) {
    const open = spans[spans.length - 1];
    if (open && open.until === null && open.stage === point.stage) continue;
    if (open && open.until === null) spans[spans.length - 1] = { ...open, until: point.at };
    if (point.stage !== undefined)
      spans.push({ stage: point.stage, since: point.at, until: null, commit: point.commit });
  }
  return spans;
}

/** Every version, of any model, whose lineage names this data URI. */
export async function versionsUsingData(
  view: RegistryView,
  uri: string,
): Promise<{ model: string; version: string; stage: string }[]> {
  const normalize = (u: string) => u.replace(/\/+$/, '');
  const wanted = normalize(uri);
  const found: { model: string; version: string; stage: string }[] = [];
  for (const model of await view.modelNames()) {
    for (const summary of await view.versions(model)) {
      const entry = await view.version(model, summary.version);
      if (entry.lineage?.data?.some((d) => normalize(d.uri) === wanted))
        found.push({ model, version: entry.version, stage: entry.stage });
    }
  }
  return found;
}
