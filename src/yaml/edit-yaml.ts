/**
 * Surgical edits of YAML source text: `string → string`, changing only the
 * bytes of one value, so comments, key order, quoting, blank lines and
 * unknown keys survive and a stage change is a one-line diff.
 */
import { isAlias, isMap, isPair, isScalar, parseDocument, visit, type Document, type Node, type Scalar } from 'yaml';
import { UserError } from '../domain/errors.js';
import { positionsIn } from './text-positions.js';
import type { PathSegment } from './yaml-file.js';

/** modelreg cannot make the edit without changing more than the one value: the user edits by hand. */
export class YamlEditError extends UserError {
  constructor(message: string, hint = 'Make the change by hand in your editor, then run modelreg validate.') {
    super('UNEDITABLE_ENTRY', message, hint);
  }
}

/** Replaces the scalar (or alias) at `path` with `value`, keeping the original quote style. */
export function setScalar(text: string, path: readonly PathSegment[], value: string): string {
  const doc = parsedForEdit(text);
  const node = doc.getIn(path, true);
  if (isAlias(node) && node.range) {
    // `stage: *a`: the alias gives way to the value; the anchor and its other uses stay as they are.
    const [start, end] = node.range;
    return text.slice(0, start) + formatScalar(value, undefined) + text.slice(end);
  }
  if (!isScalar(node) || !node.range) throw new YamlEditError(`no scalar value at ${path.join('.')}`);
  if (node.anchor && aliasesOf(doc, node.anchor) > 0) {
    throw new YamlEditError(
      `the value at ${path.join('.')} carries the anchor &${node.anchor}, which other values use: changing it would change them too`,
      `Replace the aliases *${node.anchor} with the value they stand for, or make the change by hand.`,
    );
  }
  const [start, end] = node.range;
  const replacement =
    node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED'
      ? blockScalarWith(text.slice(start, end), value)
      : formatScalar(value, node.type);
  return text.slice(0, start) + replacement + text.slice(end);
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

function aliasesOf(doc: Document, anchor: string): number {
  let count = 0;
  visit(doc, {
    Alias(_key, alias) {
      if (alias.source === anchor) count++;
    },
  });
  return count;
}

function formatScalar(value: string, type: Scalar['type'] | undefined): string {
  if (type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  const plain = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(value);
  if (type === undefined) return plain ? value : JSON.stringify(value);
  if (!plain) throw new YamlEditError(`"${value}" is not safe as a plain scalar`);
  return value;
}

/**
 * A block scalar (`|-`, `>-` and their header comment) holding `value`: the
 * header stays, with strip chomping so the value gets no line break, and the
 * content becomes one line at the content's indentation.
 */
function blockScalarWith(source: string, value: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(value)) throw new YamlEditError(`"${value}" is not safe in a block scalar`);
  const headerEnd = source.indexOf('\n');
  if (headerEnd < 0) throw new YamlEditError('an empty block scalar cannot be edited');
  const header = source.slice(0, headerEnd + 1).replace(/^([|>])[-+]?([1-9]?)[-+]?/, '$1$2-');
  const body = source.slice(headerEnd + 1);
  const content = body.split('\n').find((line) => line.trim() !== '');
  if (content === undefined) throw new YamlEditError('an empty block scalar cannot be edited');
  const indent = /^[ ]*/.exec(content)![0];
  const lineEnd = body.endsWith('\r\n') ? '\r\n' : body.endsWith('\n') ? '\n' : '';
  return `${header}${indent}${value}${lineEnd}`;
}

/**
 * Adds `key:` with a block of YAML below it at the end of the top-level
 * mapping, at the mapping's indentation and before a `...` end marker.
 * Refuses when the key exists (callers decide what an existing key means) and
 * when a block cannot follow: a flow-style mapping (`{…}`), or a last value
 * whose meaning a new line would change.
 */
export function appendTopLevelBlock(text: string, key: string, block: string): string {
  const doc = parsedForEdit(text);
  const map = doc.contents;
  if (!isMap(map) || !map.range) throw new YamlEditError('the document is not a mapping');
  if (map.items.some((pair) => isPair(pair) && isScalar(pair.key) && pair.key.value === key)) {
    throw new YamlEditError(`key "${key}" already exists`);
  }
  if (map.flow) {
    throw new YamlEditError(
      `the file is one flow-style mapping ({…}), so "${key}" cannot be added as a block below it`,
      `Add "${key}" inside the braces by hand, or rewrite the file in block style.`,
    );
  }
  // Every top-level key starts at the first one's column: the leading spaces of its line (anchors and tags follow them).
  const lineStart = map.range[0] - (positionsIn(text)(map.range[0]).column - 1);
  const indent = /^[ ]*/.exec(text.slice(lineStart, map.range[0]))![0];

  const lineEnd = text.includes('\r\n') ? '\r\n' : '\n';
  const endMarker = /^\.\.\.(?=[ \t]*(?:#|\r?\n|$))/m.exec(text.slice(map.range[2]));
  const at = endMarker ? map.range[2] + endMarker.index : text.length;
  if (!endMarker && !/\n$/.test(text) && endsInBlockScalarKeepingBreaks(map, text)) {
    throw new YamlEditError(
      `the file's last value is a block scalar without a final line break; adding "${key}" would add one to it`,
      'Add a line break at the end of the file (or make the change by hand).',
    );
  }
  const separator = at === 0 || text[at - 1] === '\n' ? '' : lineEnd;
  // Only line breaks come off the end: trimEnd() would also take U+3000 or U+2029 that end the last value.
  const body = block
    .replace(/(?:\r?\n)+$/, '')
    .split('\n')
    .map((line) => `${indent}  ${line}`)
    .join(lineEnd);
  return `${text.slice(0, at)}${separator}${indent}${key}:${lineEnd}${body}${lineEnd}${text.slice(at)}`;
}

/** A `|`/`>` scalar (clip or keep chomping) that ends the text: a line break after it becomes part of its value. */
function endsInBlockScalarKeepingBreaks(map: Node, text: string): boolean {
  let last: Scalar | undefined;
  visit(map, {
    Scalar(_key, node) {
      if (node.range && (!last || node.range[1] >= last.range![1])) last = node;
    },
  });
  if (!last || (last.type !== 'BLOCK_LITERAL' && last.type !== 'BLOCK_FOLDED')) return false;
  const header = text.slice(last.range![0], last.range![1]).split('\n')[0]!;
  return !/^[|>][1-9]?-|^[|>]-/.test(header) && text.slice(last.range![1]).trim() === '';
}
