/**
 * Surgical edits of YAML source text: `string → string`, changing only the
 * bytes of one value, so comments, key order, quoting, blank lines and
 * unknown keys survive and a stage change is a one-line diff.
 */
import { isMap, isPair, isScalar, parseDocument, type Scalar } from 'yaml';
import type { PathSegment } from './yaml-file.js';

export class YamlEditError extends Error {}

/** Replaces the scalar at `path` with `value`, keeping the original quote style. */
export function setScalar(text: string, path: readonly PathSegment[], value: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new YamlEditError(`cannot edit invalid YAML: ${doc.errors[0]!.message}`);
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range) throw new YamlEditError(`no scalar value at ${path.join('.')}`);
  const [start, end] = node.range;
  return text.slice(0, start) + formatScalar(value, node.type) + text.slice(end);
}

function formatScalar(value: string, type: Scalar['type']): string {
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.\-]*$/.test(value)) throw new YamlEditError(`"${value}" is not safe as a plain scalar`);
  return value;
}

/**
 * Appends `key:` with a block of YAML below it at the end of the top-level
 * mapping. Refuses when the key exists: callers decide what an existing key means.
 */
export function appendTopLevelBlock(text: string, key: string, block: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new YamlEditError(`cannot edit invalid YAML: ${doc.errors[0]!.message}`);
  if (!isMap(doc.contents)) throw new YamlEditError('the document is not a mapping');
  if (doc.contents.items.some((pair) => isPair(pair) && isScalar(pair.key) && pair.key.value === key)) {
    throw new YamlEditError(`key "${key}" already exists`);
  }
  const body = block
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  const separator = text.length === 0 || text.endsWith('\n') ? '' : '\n';
  return `${text}${separator}${key}:\n${body}\n`;
}
