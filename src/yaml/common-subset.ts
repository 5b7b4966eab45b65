/**
 * A fast reader for the YAML registry files are almost always written in:
 * block mappings and sequences, one-line plain and quoted scalars, and
 * one-line flow lists and mappings of plain scalars. Building yaml's syntax
 * tree costs most of a whole-registry command (its lexer and parser were two
 * thirds of a profile of a cold `validate --all`); most files hold nothing
 * any check could report.
 *
 * It answers only when it is sure: the value is what yaml's full parse gives
 * (scalars are resolved by yaml's own core-schema tags) and the full parse
 * would report nothing (no syntax error, duplicate key, reserved key,
 * YAML 1.1 disagreement or invisible character). Anything else (anchors, tags,
 * block scalars, multi-line scalars, document markers, tabs, a value any
 * check would report) returns SUBSET_UNSUPPORTED, and the caller parses with
 * positions as before. test/yaml-common-subset.test.ts compares both readers
 * on generated documents.
 */
import { isScalar, Schema } from 'yaml';
import { controlCharacterInValue } from './control-characters.js';
import { yaml11Disagreement } from './yaml11-scalars.js';

export const SUBSET_UNSUPPORTED: unique symbol = Symbol('outside the common YAML subset');

interface Line {
  readonly indent: number;
  /** The line without its indentation. */
  content: string;
}

/** Thrown inside the reader only; never escapes readCommonYaml. */
class Unsupported extends Error {}
const unsupported = (): never => {
  throw new Unsupported();
};

/** Only text of these characters is looked at further: no tabs, CR, BOM, or characters YAML treats specially outside scalars. */
const OUTSIDE_SUBSET = /[\t\r\uFEFF\u0085]|^(?:---|\.\.\.|%)/m;
/** `key:` then the end of the line, or spaces and a value. */
const MAP_ENTRY = /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?: +(.*))?$/;
/** The first character of a plain scalar may not be one of YAML's indicators. */
const PLAIN_START = /^[^\s\-?:,[\]{}#&*!|>'"%@`]|^[-?:][^\s,[\]{}]/;
const MAX_KEY_LENGTH = 1000;
/**
 * The first characters of every plain scalar that yaml's core schema reads as
 * other than a string (`~`, null, true/false, numbers, .inf, .nan) or a YAML
 * 1.1 reader does (also y/n, yes/no, on/off, 0b, 0x, sexagesimals). Any other
 * plain scalar is its own text to both, and skips their patterns (a cold
 * `validate --all` of L tests hundreds of thousands of keys and values).
 * test/yaml-common-subset.test.ts checks the list against both sets of patterns.
 */
export const MAY_NOT_BE_STRING = /^[-+.0-9~nNtTfFyYoO]/;

let resolvers: { test: RegExp; resolve: (source: string) => unknown }[] | undefined;

/** yaml's own core-schema resolution of a plain scalar (the one `parseDocument` uses). */
function resolvePlain(source: string): unknown {
  resolvers ??= new Schema({}).tags.flatMap((tag) =>
    tag.default === true && tag.test && 'resolve' in tag && typeof tag.resolve === 'function'
      ? [
          {
            test: tag.test,
            resolve: (s: string) =>
              (tag.resolve as (s: string, onError: () => void, options: object) => unknown)(s, unsupported, {}),
          },
        ]
      : [],
  );
  for (const tag of resolvers) {
    if (!tag.test.test(source)) continue;
    // Some resolvers return a Scalar node to keep formatting (a float's trailing zeros): its value is what toJS gives.
    const resolved = tag.resolve(source);
    return isScalar(resolved) ? resolved.value : resolved;
  }
  return source;
}

/**
 * The value of `text`, or SUBSET_UNSUPPORTED when only the full parser may
 * answer. `controlCharactersChecked`: the caller found no invisible character
 * in the text (yaml-file.ts does before reading); otherwise it is looked for
 * here. Values are slices of the text (no escapes are read), so the text
 * holding none means no value does.
 */
export function readCommonYaml(text: string, controlCharactersChecked = false): unknown {
  if (OUTSIDE_SUBSET.test(text)) return SUBSET_UNSUPPORTED;
  if (!controlCharactersChecked && controlCharacterInValue(text) !== undefined) return SUBSET_UNSUPPORTED;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const content = raw.trimStart();
    // Blank lines and whole-line comments say nothing about the value.
    if (content === '' || content.startsWith('#')) continue;
    lines.push({ indent: raw.length - content.length, content: content.trimEnd() });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return SUBSET_UNSUPPORTED;
  try {
    const reader = new BlockReader(lines);
    const value = reader.node(0);
    if (reader.at < lines.length) return SUBSET_UNSUPPORTED;
    return value;
  } catch (error) {
    if (error instanceof Unsupported) return SUBSET_UNSUPPORTED;
    throw error;
  }
}

class BlockReader {
  at = 0;
  constructor(private readonly lines: Line[]) {}

  /** A mapping or sequence whose first line is the current one, at exactly `indent`. */
  node(indent: number): unknown {
    const line = this.lines[this.at] ?? unsupported();
    if (line.indent !== indent) unsupported();
    return isSequenceItem(line.content) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (let line = this.lines[this.at]; line !== undefined && line.indent === indent; line = this.lines[this.at]) {
      const entry = MAP_ENTRY.exec(line.content) ?? unsupported();
      const key = plainKey(entry[1]!);
      if (seen.has(key)) unsupported();
      seen.add(key);
      this.at++;
      map[key] =
        entry[2] === undefined || entry[2].startsWith('#') ? this.nested(indent, true) : this.inline(entry[2], indent);
    }
    return map;
  }

  private sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    for (
      let line = this.lines[this.at];
      line !== undefined && line.indent === indent && isSequenceItem(line.content);
      line = this.lines[this.at]
    ) {
      const rest = line.content.slice(1);
      const item = rest.trimStart();
      if (item === '' || item.startsWith('#')) {
        this.at++;
        list.push(this.nested(indent, false));
      } else if (MAP_ENTRY.test(item) || isSequenceItem(item)) {
        // `- key: value` (or `- - a`): a block node starting inside this line.
        const inner = indent + 1 + (rest.length - item.length);
        this.lines[this.at] = { indent: inner, content: item };
        list.push(this.node(inner));
      } else {
        this.at++;
        list.push(this.inline(item, indent));
      }
    }
    return list;
  }

  /** The value below `key:` or `-` with nothing after it: a block node further in, or null. */
  private nested(indent: number, underKey: boolean): unknown {
    const next = this.lines[this.at];
    if (next && next.indent > indent) return this.node(next.indent);
    // A mapping's value may be a sequence at the mapping's own indentation.
    if (underKey && next && next.indent === indent && isSequenceItem(next.content)) return this.sequence(indent);
    return null;
  }

  /** A value written on its key's (or dash's) line. */
  private inline(source: string, indent: number): unknown {
    // A more indented line after it would continue a multi-line scalar (or be an error).
    const next = this.lines[this.at];
    if (next && next.indent > indent) unsupported();
    const first = source[0];
    if (first === '[') return flowSequence(source);
    if (first === '{') return flowMapping(source);
    if (first === '"' || first === "'") return quoted(source);
    return plainValue(withoutComment(source));
  }
}

function isSequenceItem(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

/** A plain scalar's value, unless a check would report it. */
function plainValue(source: string): unknown {
  if (!PLAIN_START.test(source) || source.includes(': ') || source.endsWith(':') || source.includes(' #'))
    unsupported();
  if (!MAY_NOT_BE_STRING.test(source)) return source;
  const value = resolvePlain(source);
  if (yaml11Disagreement(source, value) !== undefined) unsupported();
  return value;
}

function plainKey(source: string): string {
  if (source.length > MAX_KEY_LENGTH || source === '__proto__') unsupported();
  const value = plainValue(source);
  return typeof value === 'string' ? value : unsupported();
}

/** The text before a trailing `# comment` (a # after a space). */
function withoutComment(source: string): string {
  const hash = source.indexOf(' #');
  return hash < 0 ? source : source.slice(0, hash).trimEnd();
}

/** `"text"` or `'text'` on one line, optionally followed by a comment; double quotes without escapes. */
function quoted(source: string): string {
  const quote = source[0]!;
  let value = '';
  let i = 1;
  for (;;) {
    const close = source.indexOf(quote, i);
    if (close < 0) return unsupported();
    value += source.slice(i, close);
    // '' inside single quotes is one quote.
    if (quote === "'" && source[close + 1] === "'") {
      value += "'";
      i = close + 2;
      continue;
    }
    i = close + 1;
    break;
  }
  if (quote === '"' && value.includes('\\')) unsupported();
  const after = source.slice(i);
  if (after !== '' && !/^ +#/.test(after)) unsupported();
  return value;
}

/** The items of a one-line `[a, b]` or `{a: 1}`: plain scalars only, no nesting, quotes or empty items. */
function flowItems(source: string, open: string, close: string): string[] {
  const end = source.indexOf(close);
  if (end < 0) unsupported();
  const after = source.slice(end + 1);
  if (after !== '' && !/^ +#/.test(after)) unsupported();
  const inner = source.slice(1, end);
  if (/[[\]{}"'#]/.test(inner) || inner.includes(open)) unsupported();
  if (inner.trim() === '') return [];
  return inner.split(',').map((item) => {
    const trimmed = item.trim();
    return trimmed === '' ? unsupported() : trimmed;
  });
}

function flowSequence(source: string): unknown[] {
  return flowItems(source, '[', ']').map((item) => (item.includes(':') ? unsupported() : plainValue(item)));
}

function flowMapping(source: string): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const item of flowItems(source, '{', '}')) {
    const entry = /^([^:]+): +([^:]+)$/.exec(item) ?? unsupported();
    const key = plainKey(entry[1]!);
    if (Object.hasOwn(map, key)) unsupported();
    map[key] = plainValue(entry[2]!);
  }
  return map;
}
