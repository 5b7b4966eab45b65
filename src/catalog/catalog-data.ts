/**
 * What the catalog shows, gathered from the registry at one commit and its
 * history (the only effects of the catalog; rendering is pure).
 */
import semver from 'semver';
import type { Policy } from '../contract/policy.js';
import { readHistory, type HistoryEvent } from '../history/read-history.js';
import type { Registry } from '../registry/registry.js';
import { registryDisplayName } from '../registry/registry-display-name.js';
import type { RegistryView } from '../registry/registry-view.js';

export type { CatalogData, HolderSpan, ModelCatalog } from './catalog-types.js';
import type { CatalogData, HolderSpan, ModelCatalog } from './catalog-types.js';

export async function collectCatalog(
  registry: Registry,
  view: RegistryView,
  options: { repositoryUrl?: string; now: Date },
): Promise<CatalogData> {
  const { policy, byModel } = await catalogHistory(registry, view);
  const models: ModelCatalog[] = [];
  for (const name of await view.modelNames()) models.push(await collectModel(view, name, byModel.get(name) ?? []));
  return catalogOf(registry, view, policy, models, options);
}

/** The policy and every model's history events (newest first), from one pass over the history. */
export async function catalogHistory(
  registry: Registry,
  view: RegistryView,
): Promise<{ policy: Policy; byModel: Map<string, HistoryEvent[]> }> {
  const policy = await view.policy();
  const events = await readHistory(registry, view.commit!, policy, {}, await registry.historyCache());
  const byModel = new Map<string, HistoryEvent[]>();
  for (const event of events) {
    const list = byModel.get(event.model);
    if (list) list.push(event);
    else byModel.set(event.model, [event]);
  }
  return { policy, byModel };
}

/** One model with every version read. */
export async function collectModel(view: RegistryView, name: string, own: HistoryEvent[]): Promise<ModelCatalog> {
  const details = await view.model(name);
  const versions = (await Promise.all(details.versions.map((v) => view.version(name, v.version)))).sort((a, b) =>
    semver.compare(a.version, b.version),
  );
  return { entry: details.entry, versions, spans: holderSpans(own), events: own, lastChange: own[0]?.date ?? null };
}

export function catalogOf(
  registry: Registry,
  view: RegistryView,
  policy: Policy,
  models: readonly ModelCatalog[],
  options: { repositoryUrl?: string; now: Date },
): CatalogData {
  return {
    title: registryDisplayName(policy, registry.git.dir),
    commit: view.commit!,
    generated: options.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    policy,
    models,
    repositoryUrl: options.repositoryUrl,
  };
}

/**
 * Who held which stage when, from the history events. Replayed in the order
 * the changes landed (history lists a pull request's commits by their own
 * dates), and a version's stage change ends whatever stage it held: where
 * both sides of a merge changed a version, its `from` is the side's, not main's.
 */
export function holderSpans(events: readonly HistoryEvent[]): HolderSpan[] {
  const open = new Map<string, { stage: string; version: string; from: string; weight?: number }>();
  const spans: HolderSpan[] = [];
  const oldestFirst = [...events].reverse().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (const e of oldestFirst) {
    if (e.version === null) continue;
    const started = open.get(e.version);
    if (e.from !== null && started) {
      spans.push({ ...started, until: e.date });
      open.delete(e.version);
    }
    // A ramp step (a weight change within the stage) ends one span and starts the next, at the new weight.
    if (e.to !== null && (e.from !== null || e.type === 'register'))
      open.set(e.version, {
        stage: e.to,
        version: e.version,
        from: e.date,
        ...(e.weight?.to != null ? { weight: e.weight.to } : {}),
      });
  }
  for (const started of open.values()) spans.push({ ...started, until: null });
  return spans.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}
