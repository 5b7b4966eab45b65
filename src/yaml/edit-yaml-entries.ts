/**
 * Surgical edits of mappings and lists in YAML source text (`string →
 * string`), for model-level fields: set a value (adding the keys on its way),
 * add an item to a list, remove one. Each touches only the lines of what
 * changes, so adding an owner is a one-line diff; every edit is checked by
 * parsing the result, and one whose result is not exactly the intended value
 * is refused (UNEDITABLE_ENTRY) rather than written.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { YamlEditError } from './edit-yaml.js';
import { positionsIn } from './text-positions.js';
import { yaml11Reading } from './yaml11-scalars.js';

type Path = readonly string[];

/** Sets the string at `path`, adding missing mapping keys (in block style) on the way. */
export function setString(text: string, path: Path, value: string): string {
  const doc = parsedForEdit(text);
  const node = doc.getIn(path, true) as Node | undefined;
  let edited: string;
  if (node !== undefined && (isScalar(node) || isAlias(node)) && node.range) {
    const [start, end] = node.range;
    const old = text.slice(start, end);
    // `key:` with nothing after it: the value goes after the colon.
    if (old === '')
      return checked(
        text,
        `${text.slice(0, start).replace(/[ \t]*$/, '')} ${scalarText(value)}${text.slice(end)}`,
        path,
        value,
      );
    // A block scalar's range holds its final line break, which the line keeps.
    const lineEnd = /\r?\n$/.exec(old)?.[0] ?? '';
    const keepsQuotes = isScalar(node) && node.type === 'QUOTE_SINGLE' && !/[\n\r]/.test(value);
    edited =
      text.slice(0, start) +
      (keepsQuotes ? `'${value.replace(/'/g, "''")}'` : scalarText(value)) +
      lineEnd +
      text.slice(end);
  } else if (node === undefined) {
    edited = addEntry(doc, text, path, scalarText(value));
  } else {
    throw new YamlEditError(`${path.join('.')} holds a ${isMap(node) ? 'mapping' : 'list'}, not a value`);
  }
  return checked(text, edited, path, value);
}

/** Adds `value` at the end of the list at `path`, creating it (`key: [value]`) when missing. */
export function appendToList(text: string, path: Path, value: string): string {
  const doc = parsedForEdit(text);
  const node = doc.getIn(path, true) as Node | undefined;
  const expected = [...listValue(doc, path), value];
  if (node === undefined) return checked(text, addEntry(doc, text, path, `[${scalarText(value)}]`), path, expected);
  const list = requireList(node, path);
  const last = list.items[list.items.length - 1] as Node | undefined;
  let edited: string;
  if (list.flow) {
    const close = text.lastIndexOf(']', list.range![1]);
    const before = text.slice(list.range![0], close);
    const separator = last === undefined ? '' : /,\s*$/.test(before) ? ' ' : ', ';
    edited = text.slice(0, close).replace(/[ \t]*$/, '') + separator + scalarText(value) + text.slice(close);
  } else {
    const first = list.items[0] as Node;
    const dash = text.lastIndexOf('-', first.range![0]);
    const indent = ' '.repeat(positionsIn(text)(dash).column - 1);
    const at = lineEndAfter(text, last!.range![2]);
    edited = `${text.slice(0, at)}${breakBefore(text, at)}${indent}- ${scalarText(value)}${lineBreakOf(text)}${text.slice(at)}`;
  }
  return checked(text, edited, path, expected);
}

/** Removes the item equal to `value` from the list at `path`; undefined when it is not there. */
export function removeFromList(text: string, path: Path, value: string): string | undefined {
  const doc = parsedForEdit(text);
  const node = doc.getIn(path, true) as Node | undefined;
  if (node === undefined) return undefined;
  const list = requireList(node, path);
  const index = list.items.findIndex((item) => isScalar(item) && item.value === value);
  if (index < 0) return undefined;
  const expected = listValue(doc, path).filter((_, i) => i !== index);
  const item = list.items[index] as Node;
  let edited: string;
  if (list.flow) {
    const next = list.items[index + 1] as Node | undefined;
    const previous = list.items[index - 1] as Node | undefined;
    if (next) edited = text.slice(0, item.range![0]) + text.slice(next.range![0]);
    else if (previous) edited = text.slice(0, previous.range![1]) + text.slice(item.range![1]).replace(/^\s*,/, '');
    else edited = text.slice(0, item.range![0]) + text.slice(item.range![1]);
  } else if (list.items.length === 1) {
    // The last item goes: the key keeps an empty list, not a null.
    const pair = pairHolding(doc, path);
    const keyEnd = (pair.key as Node).range![1];
    edited = `${text.slice(0, keyEnd)}: []${text.slice(lineEndAfter(text, item.range![2]) - lineBreakOf(text).length)}`;
  } else {
    const dash = text.lastIndexOf('-', item.range![0]);
    const lineStart = text.lastIndexOf('\n', dash) + 1;
    edited = text.slice(0, lineStart) + text.slice(lineEndAfter(text, item.range![2]));
  }
  return checked(text, edited, path, expected);
}

function parsedForEdit(text: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new YamlEditError(
      `cannot edit invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`,
      'Fix the file first (modelreg validate lists every problem).',
    );
  return doc;
}

/**
 * A string as YAML text every reader reads back as that string: plain when
 * it is a simple word that neither YAML 1.2 nor YAML 1.1 reads as anything
 * else, double-quoted otherwise.
 */
export function scalarText(value: string): string {
  const simple = /^[A-Za-z0-9_][A-Za-z0-9_./@-]*$/.test(value);
  if (simple && yaml11Reading(value) === undefined && parseDocument(value).toJS() === value) return value;
  return JSON.stringify(value);
}

/** Adds the missing keys of `path` below the deepest mapping that exists, as block entries. */
function addEntry(doc: Document, text: string, path: Path, valueText: string): string {
  let depth = path.length - 1;
  while (depth > 0 && !isMap(doc.getIn(path.slice(0, depth), true))) depth--;
  const parent = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as Node | null;
  if (!isMap(parent) || !parent.range) throw new YamlEditError(`there is no mapping to add ${path.join('.')} to`);
  if (parent.flow) {
    throw new YamlEditError(
      `${depth === 0 ? 'the file' : path.slice(0, depth).join('.')} is a flow-style mapping ({…}), so ${path.join('.')} cannot be added as a line`,
    );
  }
  const existing = (parent.items as Pair[]).find((pair) => isScalar(pair.key) && pair.key.value === path[depth]);
  if (existing) throw new YamlEditError(`${path.slice(0, depth + 1).join('.')} is empty or not a mapping`);
  const firstKey = (parent.items[0] as Pair | undefined)?.key as Node | undefined;
  const column = firstKey?.range ? positionsIn(text)(firstKey.range[0]).column - 1 : 0;
  const lineBreak = lineBreakOf(text);
  const lines: string[] = [];
  path.slice(depth).forEach((key, i, keys) => {
    const indent = ' '.repeat(column + 2 * i);
    lines.push(i === keys.length - 1 ? `${indent}${scalarText(key)}: ${valueText}` : `${indent}${scalarText(key)}:`);
  });
  const at = depth === 0 ? topLevelEnd(text, parent) : lineEndAfter(text, lastEnd(parent));
  return `${text.slice(0, at)}${breakBefore(text, at)}${lines.join(lineBreak)}${lineBreak}${text.slice(at)}`;
}

/** The end of the top-level mapping's text: before a `...` end marker, else the end of the file. */
function topLevelEnd(text: string, map: YAMLMap): number {
  const marker = /^\.\.\.(?=[ \t]*(?:#|\r?\n|$))/m.exec(text.slice(map.range![2]));
  return marker ? map.range![2] + marker.index : text.length;
}

function lastEnd(map: YAMLMap): number {
  const last = map.items[map.items.length - 1] as Pair<Node, Node | null>;
  return (last.value?.range ?? last.key.range!)[2];
}

/** The offset just past the line break that ends the line holding `offset - 1` (or the text's end). */
function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const next = text.indexOf('\n', offset);
  return next < 0 ? text.length : next + 1;
}

function breakBefore(text: string, at: number): string {
  return at === 0 || text[at - 1] === '\n' ? '' : lineBreakOf(text);
}

function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function requireList(node: Node, path: Path): YAMLSeq {
  if (!isSeq(node) || !node.range) throw new YamlEditError(`${path.join('.')} is not a list`);
  if (node.items.some((item) => !isScalar(item)))
    throw new YamlEditError(`${path.join('.')} holds items other than plain values`);
  return node;
}

function pairHolding(doc: Document, path: Path): Pair {
  const parent = (path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true)) as YAMLMap;
  const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[path.length - 1]);
  if (!pair) throw new YamlEditError(`no key ${path.join('.')}`);
  return pair as Pair;
}

function listValue(doc: Document, path: Path): unknown[] {
  const node = doc.getIn(path, true);
  return isSeq(node) ? (node.toJSON() as unknown[]) : [];
}

/** The edit changed exactly the value at `path` to `expected`, and nothing else. */
function checked(before: string, after: string, path: Path, expected: unknown): string {
  const original = parseDocument(before).toJS() as Record<string, unknown>;
  const result = parseDocument(after);
  const intended = structuredClone(original);
  let parent: Record<string, unknown> = intended;
  for (const key of path.slice(0, -1)) {
    if (parent[key] === null || typeof parent[key] !== 'object') parent[key] = {};
    parent = parent[key] as Record<string, unknown>;
  }
  parent[path[path.length - 1]!] = expected;
  if (result.errors.length > 0 || !isDeepStrictEqual(result.toJS(), intended)) {
    throw new YamlEditError(`${path.join('.')} cannot be changed without changing more of the file`);
  }
  return after;
}
