import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Schema } from 'yaml';
import { MAY_NOT_BE_STRING, readCommonYaml, SUBSET_UNSUPPORTED } from '../src/yaml/common-subset.js';
import { parseYamlText, readCommonSubsetFirst } from '../src/yaml/yaml-file.js';
import { yaml11Reading } from '../src/yaml/yaml11-scalars.js';

/** What parsing with yaml's syntax tree gives: the reference. */
function fullParse(text: string) {
  readCommonSubsetFirst(false);
  try {
    return parseYamlText('f.yaml', text);
  } finally {
    readCommonSubsetFirst(true);
  }
}

let accepted = 0;

/**
 * The subset reader either declines, or agrees exactly with the full parse,
 * which then has nothing to report; and reading the file as modelreg does
 * (invisible characters looked for in the whole text first, then the subset
 * reader told so) gives the full parse's value and findings.
 */
function agrees(text: string): boolean {
  const full = fullParse(text);
  const asRead = parseYamlText('f.yaml', text);
  if (!isDeepStrictEqual(asRead.value, full.value) || !isDeepStrictEqual(asRead.findings, full.findings)) return false;
  const common = readCommonYaml(text);
  if (common === SUBSET_UNSUPPORTED) return true;
  accepted++;
  return full.findings.length === 0 && isDeepStrictEqual(full.value, common) && sameKeyOrder(full.value, common);
}

function sameKeyOrder(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b) || a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameKeyOrder(x, b[i]));
  const keys = Object.keys(a);
  const other = Object.keys(b as object);
  return (
    keys.join('\0') === other.join('\0') &&
    keys.every((k) => sameKeyOrder((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

// Tokens chosen to sit on every border of the subset: YAML 1.1 scalars, numbers of every form, indicators, comments, quotes.
const SCALARS = [
  'a',
  'staging',
  'x y',
  'a#b',
  'a #c',
  'a:b',
  'a: b',
  'a:',
  's3://b/k',
  'sha256:00ff',
  '2024-01-01T00:00:00Z',
  '1.0.0',
  'bench@example.com',
  '0',
  '-0',
  '1',
  '+1',
  '007',
  '0755',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1:20',
  '1e3',
  '1.0e-7',
  '1.5',
  '.5',
  '5.',
  '0.800',
  '-1.5e+3',
  '.inf',
  '-.inf',
  '.nan',
  '.NaN',
  '12345678901234567890',
  'true',
  'True',
  'false',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Y',
  'null',
  'Null',
  'NULL',
  'TRUE',
  'False',
  'FALSE',
  'o',
  'O',
  'x',
  'z1',
  '~',
  '~a',
  '',
  '-',
  '-a',
  '?a',
  ':a',
  '? a',
  '"q"',
  '"a # b"',
  '"a\\tb"',
  '"a\\x00"',
  '"a"b',
  "'s'",
  "'it''s'",
  "'a",
  '"',
  "''",
  '[a, b]',
  '[]',
  '[ ]',
  '[a,]',
  '[a, [b]]',
  '[a: b]',
  '[1, yes]',
  '{a: 1}',
  '{}',
  '{a: 1, a: 2}',
  '{a:1}',
  '{a: {b: 1}}',
  '{goal: maximize}',
  '&x a',
  '*x',
  '!!str yes',
  '!t a',
  '|',
  '>',
  '|-',
  '%a',
  '@a',
  '`a',
  'a]',
  'a}',
  'a,b',
  '__proto__',
  'a\u00a0b',
  'é',
  '# c',
  'a  ',
  ' a',
];
/** More tokens every file holding them is declined for (YAML 1.1 booleans, invisible characters): in single lines only. */
const DECLINED = ['Yes', 'YES', 'No', 'NO', 'On', 'ON', 'Off', 'OFF', 'N'];
DECLINED.push('a\u0007b', "'a\u001bb'", '"a\u0085b"', 'a # \u0007', 'a\u202eb', '"a\u2028b"');
const KEYS = [
  'a',
  'b',
  'name',
  'stage',
  'x-y',
  'a.b',
  'a/b',
  '1',
  '1.5',
  'yes',
  'on',
  'true',
  'null',
  '__proto__',
  '"q"',
  "'q'",
  '<<',
  '? a',
  'a b',
  'a:b',
  '-a',
  'é',
  'k'.repeat(1100),
];

const line = fc.oneof(
  fc
    .record({
      indent: fc.constantFrom(0, 0, 2, 2, 4, 1, 3, 6),
      key: fc.constantFrom(...KEYS),
      sep: fc.constantFrom(': ', ':', ':  ', ' : '),
      value: fc.constantFrom(...SCALARS, ...DECLINED),
    })
    .map(({ indent, key, sep, value }) => `${' '.repeat(indent)}${key}${sep}${value}`),
  fc
    .record({
      indent: fc.constantFrom(0, 2, 4, 1),
      value: fc.constantFrom(...SCALARS),
      dash: fc.constantFrom('- ', '-', '-  ', '- - '),
    })
    .map(({ indent, value, dash }) => `${' '.repeat(indent)}${dash}${value}`),
  fc
    .record({ indent: fc.constantFrom(0, 2, 4), key: fc.constantFrom(...KEYS) })
    .map(({ indent, key }) => `${' '.repeat(indent)}${key}:`),
  fc
    .record({ indent: fc.constantFrom(0, 2, 4), key: fc.constantFrom(...KEYS), value: fc.constantFrom(...SCALARS) })
    .map(({ indent, key, value }) => `${' '.repeat(indent)}- ${key}: ${value}`),
  fc.constantFrom(
    '',
    '# comment',
    '   # indented comment',
    '---',
    '...',
    '%YAML 1.2',
    '\t- a',
    'a: b\r',
    '  ',
    '\ufeffa: b',
    'a: b # c',
    'a: "x" # c',
    'a: [x] # c',
  ),
);

// Whole documents: trees of block mappings and sequences rendered the ways people write them, leaves from SCALARS.
type Tree = string | { readonly seq: Tree[] } | { readonly map: [string, Tree][] };
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SCALARS, 'a', 'b', '1', '0.5', 'x-1'),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((seq) => ({ seq })),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS.slice(0, 8), 'c', 'd', 'e'), tie('node')), { minLength: 1, maxLength: 4 })
      .map((map) => ({ map })),
  ),
})).node;

function render(node: Tree, indent: number, seqIndent: number, comments: boolean): string[] {
  const pad = ' '.repeat(indent);
  if (typeof node === 'string') return [`${pad}${node}`];
  if ('map' in node) {
    return node.map.flatMap(([key, value]) => {
      const head = `${pad}${key}:`;
      const note = comments ? [`${pad}# about ${key}`] : [];
      if (typeof value === 'string') return [...note, `${head} ${value}`];
      return [...note, head, ...render(value, 'map' in value ? indent + 2 : indent + seqIndent, seqIndent, comments)];
    });
  }
  return node.seq.flatMap((item) => {
    if (typeof item === 'string') return [`${pad}- ${item}`];
    const inner = render(item, indent + 2, seqIndent, comments);
    return [`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1)];
  });
}

describe('the common YAML subset reader', () => {
  afterEach(() => readCommonSubsetFirst(true));

  it('on generated documents, either declines or gives exactly the full parse (which reports nothing)', () => {
    accepted = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => agrees(lines.join('\n'))),
      { numRuns: 20_000 },
    );
    accepted = 0;
    fc.assert(
      fc.property(tree, fc.constantFrom(0, 2), fc.boolean(), (node, seqIndent, comments) =>
        agrees(render(node, 0, seqIndent, comments).join('\n')),
      ),
      { numRuns: 20_000 },
    );
    // Not a test of declining everything: a good share of the documents is read by the subset reader.
    expect(accepted).toBeGreaterThan(2_000);
  });

  it('reads the registry files written by modelreg and its template without the syntax tree', () => {
    const files = [
      'version: 1.0.0\nstage: archived\ncreated: 2024-01-01T00:00:00Z\ncreated_by: bench@example.com\nartifacts:\n  model:\n    uri: s3://b/m.onnx\n    digest: sha256:00\n    size: 1000\nmetrics:\n  auc: 0.800\n  latency_ms: 20\nparams:\n  lr: 0.01\n',
      'name: m0000\nowners: [alice]\nmetrics:\n  auc: {goal: maximize}\n  latency_ms: {goal: minimize}\n',
      'stages:\n  development: {}\n  production: {exclusive: true, approvals: 2, demote_to: archived}\ntransitions:\n  development: [staging, archived]\ninitial_stages: [development]\n',
      'lineage:\n  data:\n  - uri: s3://data/train\n    digest: sha256:aa\n  - uri: s3://data/test\n# trailing comment\n',
    ];
    for (const text of files) {
      expect(readCommonYaml(text)).not.toBe(SUBSET_UNSUPPORTED);
      expect(agrees(text)).toBe(true);
    }
  });

  it('agrees with the full parse on every YAML file in registry-template/ and test/', () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === 'node_modules' || name.startsWith('.')) continue;
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(name)) found.push(path);
      }
    };
    walk('registry-template');
    walk('test');
    for (const path of found) expect(agrees(readFileSync(path, 'utf8')), path).toBe(true);
  });

  it('reads a plain scalar as its own text only when no core-schema or YAML 1.1 pattern could match it', () => {
    const patterns = new Schema({}).tags.flatMap((tag) => (tag.default === true && tag.test ? [tag.test] : []));
    expect(patterns.length).toBeGreaterThan(5);
    // Every way the patterns go on after their first character, and arbitrary text.
    const tails = ['', 'ull', 'ULL', 'rue', 'RUE', 'alse', 'ALSE', 'es', 'ES', 'o', 'O', 'n', 'N', 'ff', 'FF', 'f'];
    tails.push('0', '1', '7', 'o17', 'x1F', 'b101', '_000', ':20', ':20.5', 'e3', 'E-7', '.5', '.', '5.', '5e+3');
    tails.push('.inf', 'inf', 'Inf', 'INF', 'nan', 'NaN', 'NAN', '0755', '1_0', '.0_1');
    const notString = (s: string) => patterns.some((p) => p.test(s)) || yaml11Reading(s) !== undefined;
    for (let code = 0x20; code < 0x3000; code++) {
      const first = String.fromCharCode(code);
      if (MAY_NOT_BE_STRING.test(first)) continue;
      for (const tail of tails) expect(notString(first + tail), first + tail).toBe(false);
    }
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (s) => MAY_NOT_BE_STRING.test(s) || !notString(s)),
      { numRuns: 20_000 },
    );
    // The list is not wider than it needs to be by much: each of its characters starts a non-string.
    for (const first of '-+.0123456789~nNtTfFyYoO')
      expect(
        tails.some((tail) => notString(first + tail)),
        first,
      ).toBe(true);
  });

  it('leaves every file a check reports to the full parse', () => {
    for (const text of [
      'a: yes\n',
      'a: 0755\n',
      'a: 1e3\n',
      '__proto__: 1\n',
      'a: 1\na: 2\n',
      'a: [b\n',
      'a: "x\\u0007"\n',
      'on: 1\n',
      'a: b\n---\nc: d\n',
      'a: &x 1\nb: *x\n',
    ]) {
      expect(readCommonYaml(text), text).toBe(SUBSET_UNSUPPORTED);
    }
  });
});
