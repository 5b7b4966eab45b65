/**
 * Safe YAML reading for registry files: every way a file can be malformed
 * becomes a finding with a position, never an exception.
 */
import { parseAllDocuments, isMap, isSeq, isScalar, isPair, type Document, type Node } from 'yaml';
import { finding, FILE_START, type Finding, type Position } from '../domain/findings.js';
import { positionsIn } from './text-positions.js';
import { controlCharactersInText } from './control-characters.js';
import { checkScalars } from './scalar-checks.js';
import { readCommonYaml, SUBSET_UNSUPPORTED } from './common-subset.js';

/** Larger files are refused before parsing: the yaml package has no size limit of its own. */
export const MAX_FILE_BYTES = 256 * 1024;
/** Aliases are legitimate in hand-written YAML but a billion-laughs file must fail fast. */
export const MAX_ALIAS_COUNT = 50;

export type PathSegment = string | number;

export interface YamlFile {
  readonly path: string;
  readonly text: string;
  /** The plain JS value; `undefined` when the file could not be parsed. */
  readonly value: unknown;
  readonly findings: readonly Finding[];
  /** Where `path` is in the file: the value's position, or the key's with `{ key: true }`. */
  locate(path: readonly PathSegment[], options?: { key?: boolean }): Position;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function readYamlFile(path: string, bytes: Uint8Array): YamlFile {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return failed(path, '', [
      finding(
        'FILE_TOO_LARGE',
        'error',
        path,
        FILE_START,
        `file is ${bytes.byteLength} bytes; registry files may be at most ${MAX_FILE_BYTES} bytes`,
        'Keep large data (metrics tables, schemas) in artifacts and point to them by URI and digest.',
      ),
    ]);
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return failed(path, '', [
      finding('NOT_UTF8', 'error', path, FILE_START, 'file is not valid UTF-8', 'Save the file with UTF-8 encoding.'),
    ]);
  }
  return parseYamlText(path, text);
}

let commonSubsetFirst = true;

/**
 * Whether files in the common subset are read without a syntax tree (the
 * default). Both ways give the same value and findings; tests turn it off to
 * compare them on whole registries.
 */
export function readCommonSubsetFirst(enabled: boolean): void {
  commonSubsetFirst = enabled;
}

export function parseYamlText(path: string, text: string): YamlFile {
  const hidden = controlCharactersInText(path, text);
  if (hidden.length > 0) return { path, text, value: undefined, findings: hidden, locate: () => FILE_START };
  const common = commonSubsetFirst ? readCommonYaml(text, true) : SUBSET_UNSUPPORTED;
  if (common !== SUBSET_UNSUPPORTED) return { path, text, value: common, findings: [], locate: lazyLocator(text) };
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  const toPosition = positionsIn(text);
  if (!Array.isArray(docs)) {
    // An empty stream: treat as one empty document so schema validation explains what is missing.
    return { path, text, value: null, findings: [], locate: () => FILE_START };
  }
  const findings: Finding[] = [];
  const first = docs[0];
  if (first === undefined) return { path, text, value: null, findings: [], locate: () => FILE_START };
  for (const extra of docs.slice(1)) {
    findings.push(
      finding(
        'YAML_MULTIPLE_DOCUMENTS',
        'error',
        path,
        toPosition(extra.range[0]),
        'file contains more than one YAML document',
        'Remove the `---` separator and everything after it: each registry file holds exactly one document.',
      ),
    );
  }
  for (const error of first.errors) {
    const duplicate = error.code === 'DUPLICATE_KEY';
    findings.push(
      finding(
        duplicate ? 'YAML_DUPLICATE_KEY' : 'YAML_SYNTAX',
        'error',
        path,
        toPosition(error.pos[0]),
        firstLine(error.message),
        duplicate
          ? 'Each key may appear once per mapping: delete or rename the repeated key.'
          : 'Fix the YAML syntax at this position (check indentation, quotes and colons).',
      ),
    );
  }
  for (const warning of first.warnings) {
    findings.push(
      finding(
        'YAML_WARNING',
        'warning',
        path,
        toPosition(warning.pos[0]),
        firstLine(warning.message),
        'Use plain YAML without custom tags.',
      ),
    );
  }
  const locate = lazyLocator(text);
  if (findings.some((f) => f.severity === 'error')) return { path, text, value: undefined, findings, locate };

  let value: unknown;
  try {
    value = first.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    findings.push(
      finding(
        'YAML_ALIAS_LIMIT',
        'error',
        path,
        FILE_START,
        `too many alias expansions (${firstLine(String((error as Error).message))})`,
        `Write the values out instead of using more than ${MAX_ALIAS_COUNT} anchors/aliases.`,
      ),
    );
    return { path, text, value: undefined, findings, locate };
  }
  findings.push(...checkScalars(path, first, text, toPosition));
  return { path, text, value, findings, locate };
}

/**
 * Positions from a syntax tree parsed on first use. The tree of a file is
 * many times its size; most files never need a position, and whole-registry
 * commands would otherwise hold thousands of trees.
 */
function lazyLocator(text: string): YamlFile['locate'] {
  let locate: ((segments: readonly PathSegment[], key: boolean) => Position) | undefined;
  return (segments, options) => {
    if (!locate) {
      const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
      const doc = Array.isArray(docs) ? docs[0] : undefined;
      const toPosition = positionsIn(text);
      locate = doc ? (s, key) => locateIn(doc, s, key, toPosition) : () => FILE_START;
    }
    return locate(segments, options?.key ?? false);
  };
}

function failed(path: string, text: string, findings: Finding[]): YamlFile {
  return { path, text, value: undefined, findings, locate: () => FILE_START };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/**
 * Walks the document along `segments`. A missing segment points at the
 * nearest existing parent (its key when it has one) so that "missing key"
 * findings land on the mapping that should contain it.
 */
function locateIn(
  doc: Document,
  segments: readonly PathSegment[],
  wantKey: boolean,
  toPosition: (offset: number) => Position,
): Position {
  let node: unknown = doc.contents;
  let nodeKey: Node | undefined;
  let last: Position = node && (node as Node).range ? toPosition((node as Node).range![0]) : FILE_START;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    let nextValue: unknown;
    let nextKey: Node | undefined;
    const parent = nodeKey?.range ? toPosition(nodeKey.range[0]) : last;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyMatches(p.key, segment));
      if (!pair) return parent;
      nextKey = pair.key as Node;
      nextValue = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      nextValue = node.items[segment];
      if (nextValue === undefined) return parent;
    } else {
      return parent;
    }
    const isLast = i === segments.length - 1;
    if (isLast && wantKey && nextKey?.range) return toPosition(nextKey.range[0]);
    const valueRange = (nextValue as Node | null | undefined)?.range;
    if (valueRange) last = toPosition(valueRange[0]);
    else if (nextKey?.range) last = toPosition(nextKey.range[0]); // `key:` with an empty value
    node = nextValue;
    nodeKey = nextKey;
  }
  return last;
}

function keyMatches(key: unknown, segment: PathSegment): boolean {
  if (isScalar(key)) return String(key.value) === String(segment);
  return false;
}
