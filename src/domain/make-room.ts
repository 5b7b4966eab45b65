/**
 * For a bounded in-memory cache: when `map` holds `limit` entries, the
 * older half goes (a Map iterates in insertion order), so a whole-registry
 * pass that works a batch of models at a time keeps what it is working on.
 */
export function makeRoom<K, V>(map: Map<K, V>, limit: number): void {
  if (map.size < limit) return;
  let drop = limit / 2;
  for (const old of map.keys()) {
    if (drop-- <= 0) break;
    map.delete(old);
  }
}
