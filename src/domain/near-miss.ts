/** "Did you mean": names a user probably meant, for a name that does not exist. */

/** Levenshtein distance, with an adjacent swap counting as one edit ("fraud-detcetion"). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const substitution = rows[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(best);
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The known names closest to `name`, nearest first: within a few edits
 * (more for longer names, so "fraud-detecton" finds "fraud-detection" but
 * "a" does not find "b"), or containing it, or contained in it.
 */
export function nearMisses(name: string, known: Iterable<string>, limit = 5): string[] {
  // Any one- or two-letter name is an edit or two from another: too short to guess from.
  const allowed = name.length < 3 ? 0 : Math.max(1, Math.min(3, Math.floor(name.length / 4)));
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of known) {
    if (candidate === name) continue;
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    const contains = name.length >= 3 && (candidate.includes(name) || name.includes(candidate));
    if (distance <= allowed || contains) scored.push({ candidate, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** "Did you mean fraud-detection?" / "Did you mean a, b or c?", or undefined when nothing is near. */
export function didYouMean(name: string, known: Iterable<string>): string | undefined {
  const near = nearMisses(name, known);
  if (near.length === 0) return undefined;
  const listed = near.length === 1 ? near[0]! : `${near.slice(0, -1).join(', ')} or ${near[near.length - 1]!}`;
  return `Did you mean ${listed}?`;
}
