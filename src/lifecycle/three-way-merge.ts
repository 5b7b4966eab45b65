/**
 * Line-based three-way merge, as `git revert` does it: apply the change from
 * `base` to `theirs` onto `ours`; changes to the same or adjacent lines conflict.
 */
import { diff3Merge } from 'node-diff3';

export function mergeText(ours: string, base: string, theirs: string): string | undefined {
  const regions = diff3Merge(ours.split('\n'), base.split('\n'), theirs.split('\n'), { excludeFalseConflicts: true });
  const lines: string[] = [];
  for (const region of regions) {
    if ('conflict' in region && region.conflict) return undefined;
    if ('ok' in region && region.ok) lines.push(...region.ok);
  }
  return lines.join('\n');
}
