/** Where two plain JSON-like values differ, as paths to the first differing nodes. */
import type { PathSegment } from '../../yaml/yaml-file.js';

export function differingPaths(
  a: unknown,
  b: unknown,
  path: PathSegment[] = [],
  out: PathSegment[][] = [],
): PathSegment[][] {
  if (Object.is(a, b)) return out;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push(path);
      return out;
    }
    a.forEach((item, i) => differingPaths(item, b[i], [...path, i], out));
    return out;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      if (!Object.hasOwn(a, key) || !Object.hasOwn(b, key)) out.push([...path, key]);
      else differingPaths(a[key], b[key], [...path, key], out);
    }
    return out;
  }
  out.push(path);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
