/**
 * Which models a merge commit is listed for. `git log -- models/<model>`
 * shows a merge whose model directory differs from every parent (both sides
 * changed the model) even when every file came from one side and the
 * combined diff is empty; history lists it too, so that it names exactly the
 * commits git log names.
 */
import { MODELS_DIR, modelDir } from '../domain/layout.js';
import type { SnapshotSource } from '../snapshot/snapshot-source.js';

/** The models under `path` (models/ or one model's directory) whose directory in `merge` differs from every parent's. */
export async function modelsDifferingFromEveryParent(
  merge: SnapshotSource,
  parents: readonly SnapshotSource[],
  path: string,
): Promise<string[]> {
  const directoryIds = async (source: SnapshotSource) =>
    new Map(((await source.list(MODELS_DIR)) ?? []).map((e) => [e.name, e.id]));
  const [own, ...sides] = await Promise.all([merge, ...parents].map(directoryIds));
  return [...own!]
    .filter(([name]) => path === MODELS_DIR || modelDir(name) === path)
    .filter(([name, id]) => id !== undefined && sides.every((side) => side.get(name) !== id))
    .map(([name]) => name);
}
