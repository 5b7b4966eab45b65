/**
 * `git log -- models/<m>` for every model m at once, over a commit graph
 * already in memory. git simplifies each path on its own: at a merge, the
 * walk for a model follows only the first parent whose copy of that model
 * the merge kept (TREESAME), so a branch's commits to a model that the merge
 * threw away are not that model's history, even when the merge took other
 * models from the branch. One walk of `git log -- models` cannot tell that
 * apart; these walks do, per model, in one pass over the graph.
 */

export interface GraphCommit {
  readonly oid: string;
  /** Parents in order; none for a root commit (or a shallow clone's oldest commits). */
  readonly parents: readonly string[];
  /** Committer time in seconds: git log's order. */
  readonly timestamp: number;
  /**
   * Per parent, in order, the models whose directory differs from that
   * parent's (a model only one of them has counts); for a root commit, one
   * entry: the models it has.
   */
  readonly differs: readonly ReadonlySet<string>[];
}

export interface ModelWalks {
  /** Every commit reachable from the head, in git log's order (newest committer date first). */
  readonly order: readonly string[];
  /** For a commit, the models whose `git log -- models/<m>` lists it; absent when none does. */
  readonly shown: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * The models a walk reaches a commit with: nearly every model follows every
 * commit (a model leaves the first-parent line only at a merge that changed
 * it), so most commits are reached by "every model but a few".
 */
type Reach =
  | { readonly every: true; readonly except: ReadonlySet<string> }
  | { readonly every: false; readonly only: ReadonlySet<string> };

const NOTHING: Reach = { every: false, only: new Set() };

/** The models that reach a commit by either of two children: excluded only where both exclude them. */
function union(a: Reach | undefined, b: Reach): Reach {
  if (!a) return b;
  if (a.every)
    return { every: true, except: new Set([...a.except].filter((m) => (b.every ? b.except.has(m) : !b.only.has(m)))) };
  if (b.every) return { every: true, except: new Set([...b.except].filter((m) => !a.only.has(m))) };
  return { every: false, only: new Set([...a.only, ...b.only]) };
}

function includes(reach: Reach, model: string): boolean {
  return reach.every ? !reach.except.has(model) : reach.only.has(model);
}

function without(reach: Reach, models: ReadonlySet<string>): Reach {
  if (models.size === 0) return reach;
  return reach.every
    ? { every: true, except: new Set([...reach.except, ...models]) }
    : { every: false, only: new Set([...reach.only].filter((m) => !models.has(m))) };
}

/**
 * Which commits each model's walk lists, with git's default simplification:
 * a commit is listed for a model when the model's directory differs from
 * every parent's (a root commit: when it has the model); where it equals a
 * parent's, the model's walk follows only the first such parent. A commit's
 * reach is complete once every child has been seen, so commits are taken
 * children first.
 */
export function walkEveryModel(graph: ReadonlyMap<string, GraphCommit>, head: string): ModelWalks {
  const order = gitLogOrder(graph, head);
  const waiting = new Map<string, number>();
  for (const oid of order)
    for (const parent of graph.get(oid)!.parents)
      if (graph.has(parent)) waiting.set(parent, (waiting.get(parent) ?? 0) + 1);
  const reaches = new Map<string, Reach>([[head, { every: true, except: new Set() }]]);
  const shown = new Map<string, ReadonlySet<string>>();
  const ready = [head];
  while (ready.length > 0) {
    const commit = graph.get(ready.pop()!)!;
    const reach = reaches.get(commit.oid) ?? NOTHING;
    reaches.delete(commit.oid);
    const { parents, differs } = commit;
    // A model differing from every parent is listed here and followed into every parent.
    const everywhere = new Set([...differs[0]!].filter((m) => includes(reach, m) && differs.every((d) => d.has(m))));
    if (everywhere.size > 0) shown.set(commit.oid, everywhere);
    parents.forEach((parent, i) => {
      if (!graph.has(parent)) return;
      // The models that follow this parent: those the commit kept from it and from no earlier parent.
      const kept: Reach =
        i === 0
          ? without(reach, new Set([...differs[0]!].filter((m) => includes(reach, m) && !everywhere.has(m))))
          : {
              every: false,
              only: new Set(
                [...differs[0]!].filter(
                  (m) => includes(reach, m) && !differs[i]!.has(m) && differs.slice(0, i).every((d) => d.has(m)),
                ),
              ),
            };
      reaches.set(parent, union(reaches.get(parent), union(kept, { every: false, only: everywhere })));
      const left = waiting.get(parent)! - 1;
      waiting.set(parent, left);
      if (left === 0) ready.push(parent);
    });
  }
  return { order, shown };
}

/** Every commit reachable from `head`, newest committer date first; ties keep discovery order, as git's walk does. */
export function gitLogOrder(
  graph: ReadonlyMap<string, Pick<GraphCommit, 'parents' | 'timestamp'>>,
  head: string,
): string[] {
  const order: string[] = [];
  const seen = new Set([head]);
  const queue = [head];
  while (queue.length > 0) {
    const oid = queue.shift()!;
    order.push(oid);
    for (const parent of graph.get(oid)!.parents) {
      if (seen.has(parent) || !graph.has(parent)) continue;
      seen.add(parent);
      const t = graph.get(parent)!.timestamp;
      let i = queue.length;
      while (i > 0 && graph.get(queue[i - 1]!)!.timestamp < t) i--;
      queue.splice(i, 0, parent);
    }
  }
  return order;
}
