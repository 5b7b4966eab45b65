/**
 * Removes one key of a YAML document's top-level block mapping with its value,
 * as whole lines, leaving every other byte as it was: a version copied on
 * from a registry that itself copied it drops the provenance naming the
 * registry before, and gets its own.
 */
import { isMap, isPair, isScalar, parseDocument, type Node } from 'yaml';
import { YamlEditError } from './edit-yaml.js';

/** `text` without `key:` and its value; unchanged when there is no such key. */
export function removeTopLevelKey(text: string, key: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new YamlEditError(`cannot edit invalid YAML: ${doc.errors[0]!.message}`);
  const map = doc.contents;
  if (!isMap(map)) throw new YamlEditError('the document is not a mapping');
  const index = map.items.findIndex((pair) => isPair(pair) && isScalar(pair.key) && pair.key.value === key);
  if (index < 0) return text;
  if (map.flow) throw new YamlEditError(`"${key}" is inside a flow-style mapping ({…}) and cannot be removed by lines`);
  const pair = map.items[index]!;
  const keyNode = pair.key as Node;
  const start = text.lastIndexOf('\n', keyNode.range![0] - 1) + 1;
  const next = map.items[index + 1];
  // Up to the next key's line, or for the last key to the end of its value (comments after it stay).
  const end = next
    ? text.lastIndexOf('\n', (next.key as Node).range![0] - 1) + 1
    : lineEndAfter(text, ((pair.value as Node | null)?.range ?? keyNode.range!)[1]);
  return text.slice(0, start) + text.slice(end);
}

function lineEndAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', Math.max(offset - 1, 0));
  return newline < 0 ? text.length : newline + 1;
}
