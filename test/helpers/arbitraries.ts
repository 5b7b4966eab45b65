/**
 * fast-check generators of registry files and edits of them, for the
 * property suites (test/property-*.test.ts): valid entries rendered in random
 * YAML styles (flow/block, quoting, comments, anchors and aliases), hostile
 * text (astral, RTL, combining, control characters), deep nesting, large
 * values, and random byte mutations and truncations of valid files.
 */
import fc from 'fast-check';
import { Document, isAlias, isCollection, isScalar, parse, visit, type Node, type Scalar } from 'yaml';
import { DIGEST_A, DIGEST_B, templatePolicy } from './fixtures.js';

/** Text people and attackers put in YAML: every plane, bidi controls, combining marks, odd line breaks. */
export const trickyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  // Bidi overrides, C0/C1 controls and Unicode line separators: rarer, since one makes a whole file an error.
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '\u202Eevil\u202C',
      'nel\u0085line',
      'ls\u2028ps\u2029',
      'bell\u0007',
      'nul\u0000',
      '\u2066iso\u2069',
    ),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '😀',
      '𝔘𝔫𝔦',
      'שלום',
      'مرحبا',
      'e\u0301\u0301\u0301',
      'a\u200Db',
      '\uFEFFbom',
      'tab\there',
      ' leading',
      'trailing ',
      'multi\nline\n',
      'yes',
      'no',
      'on',
      'off',
      'null',
      '~',
      '1.10',
      '0x1F',
      '0o17',
      '1e5',
      '.inf',
      '.nan',
      '2026-01-01',
      '#not a comment',
      'colon: inside',
      '- dash',
      '*star',
      '&amp',
      '!bang',
      '%pct',
      '@at',
      '`tick',
      '"',
      "'",
      '{',
      '[',
      '',
    ),
  },
);

/** Keys: mostly identifier-like (so rules see them), sometimes anything. */
export const anyKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/) },
  { weight: 1, arbitrary: trickyText },
);

/** Plain data of bounded depth: what unknown keys, params and extensions hold. */
export const anyData: fc.Arbitrary<unknown> = fc.letrec<{ data: unknown }>((tie) => ({
  data: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyText,
    fc.integer(),
    fc.double({ noNaN: false }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('data'), { maxLength: 4 }),
    fc.dictionary(anyKey, tie('data'), { maxKeys: 4 }),
  ),
})).data;

/** A chain of single-key mappings `depth` deep: deep nesting without a wide tree. */
export function deepNest(depth: number, leaf: unknown = 'bottom'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 3 === 2 ? [value] : { [`k${i}`]: value };
  return value;
}

const extraKeys = fc.dictionary(
  fc.oneof(anyKey, fc.constantFrom('x-team-notes', 'owner_email', 'stage ', 'Stage')),
  fc.oneof(
    { weight: 12, arbitrary: anyData },
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 120 }).map((d) => deepNest(d)) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 40_000 }).map((n) => 'x'.repeat(n)) },
  ),
  { maxKeys: 2 },
);

export const MODEL_NAMES = ['fraud', 'churn', 'a', 'x.y_z-1'] as const;
export const VERSIONS = ['1.0.0', '1.1.0', '2.0.0', '0.1.0-rc.1'] as const;
export const STAGES = ['development', 'staging', 'production', 'archived'] as const;

const stage = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STAGES) },
  { weight: 1, arbitrary: fc.oneof(trickyText, fc.constantFrom('Production', 'qa')) },
);
const metricValue = fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constantFrom(0.9, 0.5, 1e308, -0));

/** A version entry's value (valid apart from what the random parts break), plus unknown keys. */
export function versionValue(version: string): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        stage,
        description: trickyText,
        metrics: fc.dictionary(fc.constantFrom('auc', 'f1', 'latency_ms', 'bad key'), metricValue, { maxKeys: 3 }),
        params: fc.dictionary(anyKey, anyData, { maxKeys: 3 }),
        tags: fc.array(trickyText, { maxLength: 3 }),
        lineage: fc.record(
          {
            parent: fc.constantFrom(...VERSIONS),
            code: fc.record({
              repo: fc.constant('https://github.com/acme/fraud'),
              commit: fc.constantFrom('a'.repeat(40), '1234567890'.repeat(4)),
            }),
          },
          { requiredKeys: [] },
        ),
        signature: fc.record({
          inputs: fc.array(
            fc.record({ name: fc.constantFrom('amount', 'country'), type: fc.constantFrom('float', 'string') }),
            { maxLength: 2 },
          ),
          outputs: fc.constant([{ name: 'score', type: 'float' }]),
        }),
        deprecation: fc.record({ reason: trickyText }),
        extensions: fc.dictionary(fc.constantFrom('fairness', 'unknown_ext'), anyData, { maxKeys: 1 }),
      },
      { requiredKeys: ['stage'] },
    )
    .chain((optional) =>
      extraKeys.map((extra) => ({
        version,
        created: '2026-01-01T00:00:00Z',
        created_by: 'alice@example.com',
        artifacts: {
          model: { uri: `s3://models/${version}/model.onnx`, digest: version.startsWith('2') ? DIGEST_B : DIGEST_A },
        },
        ...optional,
        ...extra,
      })),
    );
}

export function modelValue(name: string): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        description: trickyText,
        tags: fc.array(trickyText, { maxLength: 2 }),
        metrics: fc.constant({ auc: { goal: 'maximize' }, latency_ms: { goal: 'minimize', unit: 'ms' } }),
        artifacts: fc.constant({ required: ['model'] }),
        acceptance: fc.dictionary(
          fc.constantFrom(...STAGES, 'qa'),
          fc.record(
            {
              metrics: fc.dictionary(
                fc.constantFrom('auc', 'f1'),
                fc.record({ min: metricValue, max: metricValue, max_drop: metricValue }, { requiredKeys: [] }),
                { maxKeys: 2 },
              ),
              require: fc.subarray(['signature', 'lineage.data', 'description']),
            },
            { requiredKeys: [] },
          ),
          { maxKeys: 2 },
        ),
      },
      { requiredKeys: [] },
    )
    .chain((optional) => extraKeys.map((extra) => ({ name, owners: ['alice', '@acme/ml'], ...optional, ...extra })));
}

export function policyValue(): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        name: trickyText,
        admins: fc.subarray(['alice', '@acme/admins', 'not a user']),
        stages: fc.constant({
          development: {},
          staging: { approvals: 1 },
          production: { exclusive: true, approvals: 2, demote_to: 'archived' },
          archived: {},
        }),
        transitions: fc.constantFrom(
          {
            development: ['staging', 'archived'],
            staging: ['production', 'development', 'archived'],
            production: ['archived', 'staging'],
            archived: ['development', 'staging'],
          },
          { development: ['qa'] },
        ),
        initial_stages: fc.subarray([...STAGES]),
        rollback_approvals: fc.integer({ min: -1, max: 3 }),
        artifacts: fc.constant({ schemes: ['s3', 'gs'] }),
        extensions: fc.constant({ fairness: { schema: 'extensions/fairness.schema.json' } }),
      },
      { requiredKeys: [] },
    )
    .chain((optional) => extraKeys.map((extra) => ({ ...optional, ...extra })));
}

/** A tiny seeded PRNG so one fast-check integer decides every style choice of a rendering. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) % n) + n) % n;
  };
}

const SCALAR_TYPES: Scalar['type'][] = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'];
const COMMENTS = [' note', ' שלום 😀', ' key: value', ' # nested', ' e\u0301 𝔘'];

/**
 * `value` as YAML text whose styles the seed picks: flow or block per
 * collection, a quoting style per string, comments before and after nodes,
 * anchors on some nodes and aliases to them later on. The yaml package
 * falls back to a safe style where the picked one cannot hold the value, so
 * the text always parses back to `value`.
 */
export function renderStyled(value: unknown, seed: number, header = ''): string {
  const pick = prng(seed);
  const doc = new Document(value, { aliasDuplicateObjects: false });
  const anchored: Node[] = [];
  let anchors = 0;
  visit(doc, {
    Node(_key, node) {
      if (isCollection(node) && pick(4) === 0) node.flow = true;
      if (isScalar(node) && typeof node.value === 'string') node.type = SCALAR_TYPES[pick(SCALAR_TYPES.length)]!;
      if (pick(6) === 0) node.commentBefore = COMMENTS[pick(COMMENTS.length)]!;
      if (pick(6) === 0) node.comment = COMMENTS[pick(COMMENTS.length)]!;
      if (pick(10) === 0 && !isAlias(node)) {
        node.anchor = `a${anchors++}`;
        anchored.push(node);
      }
    },
  });
  // Replace some later scalars equal to an anchored one by an alias: same value, different text.
  if (anchored.length > 0) {
    visit(doc, {
      Pair(_key, pair) {
        if (!isScalar(pair.value) || pair.value.anchor) return;
        const target = anchored.find(
          (n) => isScalar(n) && n.value === (pair.value as Scalar).value && n.range === undefined,
        );
        if (target && pick(2) === 0 && comesBefore(doc, target, pair.value as Node))
          pair.value = doc.createAlias(target as Scalar);
      },
    });
  }
  if (pick(5) === 0) doc.commentBefore = ' yaml-language-server: $schema=../../../schemas/version.schema.json';
  return header + doc.toString({ lineWidth: pick(3) === 0 ? 20 : 0, indent: 2 + pick(3), indentSeq: pick(2) === 0 });
}

/** True when `a` is visited before `b`: an alias must follow its anchor. */
function comesBefore(doc: Document, a: Node, b: Node): boolean {
  let seenA = false;
  let answer = false;
  visit(doc, {
    Node(_key, node) {
      if (node === a) seenA = true;
      if (node === b) {
        answer = seenA;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return answer;
}

/** Snippets that change YAML's structure when spliced in at random. */
const YAML_SNIPPETS = [
  '&a ',
  '*a',
  '*undefined',
  '---\n',
  '...\n',
  '? ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '|',
  '>-',
  '#',
  '!!binary ',
  '!tag ',
  '%YAML 1.1\n',
  '<<: *a\n',
  '\t',
  '\r',
  '\r\n',
  '\uFEFF',
  '\u0000',
  '\u0085',
  '\u2028',
  ': ',
  ',',
  '\n  ',
  '\n',
  'stage: production\n',
  '&b [*b]',
  '!!str',
  '!!int 1',
  '!!float',
  '!!null',
  '!!map {}',
  '\\',
  '%',
  '@',
  '`',
  'version: 1.10\n',
];

export type Mutation =
  | { readonly kind: 'flip'; readonly at: number; readonly byte: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly snippet: string }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicateLine'; readonly at: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    snippet: fc.oneof(fc.constantFrom(...YAML_SNIPPETS), trickyText),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
);

/** Applies mutations to the UTF-8 bytes of `text`: results may be invalid UTF-8 or invalid YAML. */
export function mutate(text: string, mutations: readonly Mutation[]): Uint8Array {
  let bytes = Buffer.from(text, 'utf8');
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
    switch (m.kind) {
      case 'flip':
        if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = m.byte;
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.snippet, 'utf8'), bytes.subarray(at)]);
        break;
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'duplicateLine': {
        const lines = bytes.toString('latin1').split('\n');
        const i = at % lines.length;
        lines.splice(i, 0, lines[i]!);
        bytes = Buffer.from(lines.join('\n'), 'latin1');
        break;
      }
    }
  }
  return new Uint8Array(bytes);
}

/** One file's content: a styled rendering of a generated value, often mutated. */
export function fileContent(value: fc.Arbitrary<unknown>, header = ''): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      value,
      fc.noBias(fc.integer()),
      fc.oneof(
        { weight: 5, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }) },
      ),
    )
    .map(([v, seed, mutations]) => mutate(renderStyled(v, seed, header), mutations));
}

export type FileMap = Map<string, Uint8Array>;

const versionPath = (model: string, version: string) => `models/${model}/versions/${version}.yaml`;

/**
 * A registry snapshot: registry.yaml (the template, a generated policy, or
 * none), up to three models with their versions (names sometimes
 * mismatching), and now and then a file the layout does not allow.
 */
export const snapshotFiles: fc.Arbitrary<FileMap> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(Buffer.from(templatePolicy())) as fc.Arbitrary<Uint8Array> },
      { weight: 2, arbitrary: fileContent(policyValue()) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
    fc.uniqueArray(
      fc.record({
        name: fc.constantFrom(...MODEL_NAMES),
        model: fc.option(fc.constantFrom(...MODEL_NAMES), { nil: undefined, freq: 8 }),
        versions: fc.uniqueArray(fc.constantFrom(...VERSIONS), { maxLength: 3 }),
      }),
      { maxLength: 3, selector: (m) => m.name },
    ),
    fc.noBias(fc.integer()),
  )
  .chain(([policy, models, seed]) => {
    const parts: fc.Arbitrary<[string, Uint8Array]>[] = [];
    for (const m of models) {
      parts.push(fileContent(modelValue(m.model ?? m.name)).map((c) => [`models/${m.name}/model.yaml`, c]));
      for (const v of m.versions) parts.push(fileContent(versionValue(v)).map((c) => [versionPath(m.name, v), c]));
    }
    const strays = fc.subarray([
      'models/fraud/notes.txt',
      'models/Bad Name/model.yaml',
      'models/fraud/versions/v1.yaml',
      'models/x.yaml',
      'README.md',
    ]);
    return fc.tuple(fc.tuple(...parts), strays).map(([entries, stray]) => {
      const files: FileMap = new Map(entries);
      if (policy) files.set('registry.yaml', policy);
      for (const path of stray) if (seed % 3 === 0) files.set(path, Buffer.from('stage: production\n'));
      return files;
    });
  });

export type FileEdit =
  | { readonly kind: 'setStage'; readonly stage: string }
  | { readonly kind: 'mutate'; readonly mutations: readonly Mutation[] }
  | { readonly kind: 'delete' }
  | { readonly kind: 'replace'; readonly seed: number };

export const fileEdit: fc.Arbitrary<FileEdit> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('setStage' as const), stage: fc.constantFrom(...STAGES, 'qa') }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('mutate' as const),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), seed: fc.noBias(fc.integer()) }) },
);

/** A base snapshot and edits of some of its files (and perhaps new files): a pull request. */
export const changeOfSnapshot: fc.Arbitrary<{ base: FileMap; head: FileMap }> = fc
  .tuple(
    snapshotFiles,
    fc.array(fc.tuple(fc.nat(), fileEdit), { maxLength: 4 }),
    fc.option(snapshotFiles, { freq: 4, nil: undefined }),
  )
  .map(([base, edits, added]) => {
    const head: FileMap = new Map(base);
    const paths = [...base.keys()];
    for (const [index, edit] of edits) {
      if (paths.length === 0) break;
      const path = paths[index % paths.length]!;
      const current = head.get(path);
      if (current === undefined) continue;
      head.set(path, applyFileEdit(current, edit));
      if (edit.kind === 'delete') head.delete(path);
    }
    // New files from another snapshot: new models and versions, or replacements.
    for (const [path, content] of added ?? []) if (!base.has(path) || path.endsWith('.yaml')) head.set(path, content);
    return readable({ base, head });
  });

/** Counterexamples printed as file texts (JSON-escaped) instead of byte arrays. */
function readable<T extends { base: FileMap; head: FileMap }>(change: T): T {
  return Object.assign(change, { [fc.toStringMethod]: () => describeChange(change.base, change.head) });
}

export function describeFiles(files: FileMap): string {
  return [...files]
    .map(([path, bytes]) => `  ${path}: ${JSON.stringify(Buffer.from(bytes).toString('utf8'))}`)
    .join('\n');
}

function describeChange(base: FileMap, head: FileMap): string {
  const same = (path: string) =>
    base.has(path) && head.has(path) && Buffer.compare(base.get(path)!, head.get(path)!) === 0;
  const changed = new Map([...head].filter(([path]) => !same(path)));
  const deleted = [...base.keys()].filter((path) => !head.has(path));
  return [
    `base:\n${describeFiles(base)}`,
    `head (changed files):\n${describeFiles(changed)}`,
    `deleted: ${deleted.join(', ') || 'none'}`,
  ].join('\n');
}

function applyFileEdit(content: Uint8Array, edit: FileEdit): Uint8Array {
  const text = Buffer.from(content).toString('utf8');
  switch (edit.kind) {
    case 'setStage':
      // The way people (and promote) change a stage: the value on its line.
      return Buffer.from(text.replace(/^(stage:\s*)[^\s#]+/m, `$1${edit.stage}`));
    case 'mutate':
      return mutate(text, edit.mutations);
    case 'delete':
      return content;
    case 'replace':
      return Buffer.from(renderStyled(parseLoosely(text), edit.seed));
  }
}

/** The value of a (possibly broken) file, or null: restyling keeps what it can. */
function parseLoosely(text: string): unknown {
  try {
    // Through JSON: drops what YAML can hold but a registry value cannot (Infinity becomes null, -0 becomes 0).
    return JSON.parse(JSON.stringify(parse(text, { maxAliasCount: 50, logLevel: 'error' }) ?? null)) as unknown;
  } catch {
    return null;
  }
}
