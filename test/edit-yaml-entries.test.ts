/** Model-level YAML edits: fixture in, exact text out; what cannot be done in place is refused, never half-done. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { appendToList, removeFromList, scalarText, setString } from '../src/yaml/edit-yaml-entries.js';

const MODEL = `# comment\nname: fraud\nowners: [alice, '@acme/ml']  # who\ntags:\n  - fraud\n  - tabular # x\nmetrics:\n  auc:\n    goal: maximize\n`;

describe('setString', () => {
  it('replaces a value in place, adds a missing key at the end, and nested keys under the deepest mapping there is', () => {
    expect(setString(MODEL, ['metrics', 'auc', 'goal'], 'minimize')).toBe(
      MODEL.replace('goal: maximize', 'goal: minimize'),
    );
    expect(setString(MODEL, ['task'], 'binary-classification')).toBe(`${MODEL}task: binary-classification\n`);
    expect(setString(MODEL, ['metrics', 'latency', 'goal'], 'minimize')).toBe(
      `${MODEL}  latency:\n    goal: minimize\n`,
    );
    expect(setString('name: a\nowners: [a]\n...\n', ['metrics', 'auc', 'goal'], 'maximize')).toBe(
      'name: a\nowners: [a]\nmetrics:\n  auc:\n    goal: maximize\n...\n',
    );
    expect(setString('name: a\ndescription: |\n  old\n  text\nowners: [a]\n', ['description'], 'new one')).toBe(
      'name: a\ndescription: "new one"\nowners: [a]\n',
    );
    expect(setString('name: a\ndescription:\nowners: [a]\n', ['description'], 'new')).toBe(
      'name: a\ndescription: new\nowners: [a]\n',
    );
    expect(setString("name: a\ntask: 'x'\r\n", ['task'], "it's")).toBe("name: a\ntask: 'it''s'\r\n");
  });

  it('writes values every YAML reader reads back as the same string', () => {
    for (const value of [
      'no',
      'on',
      '0755',
      '1.0',
      'true',
      'null',
      '@acme/ml',
      'a: b',
      '- x',
      '#x',
      'x # y',
      'line\nbreak',
      '"q"',
      '',
      ' lead',
    ]) {
      expect(parse(`k: ${scalarText(value)}`)).toEqual({ k: value });
    }
    expect(scalarText('no')).toBe('"no"');
    expect(scalarText('binary-classification')).toBe('binary-classification');
  });

  it('refuses a flow mapping and a value whose anchor other values use', () => {
    expect(() => setString('{name: a, owners: [a]}\n', ['task'], 'x')).toThrow(/flow-style mapping/);
    expect(() => setString('name: a\ntask: &t x\ndescription: *t\n', ['task'], 'y')).toThrow(
      /cannot be changed without changing more/,
    );
  });
});

describe('appendToList and removeFromList', () => {
  it('add to a flow list on its line and to a block list as one new line; create a missing list', () => {
    expect(appendToList(MODEL, ['owners'], 'bob')).toBe(MODEL.replace("'@acme/ml']", "'@acme/ml', bob]"));
    expect(appendToList(MODEL, ['tags'], 'no')).toBe(MODEL.replace('  - tabular # x\n', '  - tabular # x\n  - "no"\n'));
    expect(appendToList('name: a\nowners: []\n', ['owners'], 'bob')).toBe('name: a\nowners: [bob]\n');
    expect(appendToList('name: a\nowners: [a]\n', ['tags'], 'x y')).toBe('name: a\nowners: [a]\ntags: ["x y"]\n');
    expect(appendToList('name: a\nowners:\n- a', ['owners'], 'b')).toBe('name: a\nowners:\n- a\n- b\n');
    expect(appendToList('name: a\r\nowners:\r\n  - a\r\n', ['owners'], 'b')).toBe(
      'name: a\r\nowners:\r\n  - a\r\n  - b\r\n',
    );
  });

  it('remove one item, keeping the others and their comments; the last block item leaves an empty list', () => {
    expect(removeFromList(MODEL, ['owners'], 'alice')).toBe(MODEL.replace("[alice, '@acme/ml']", "['@acme/ml']"));
    expect(removeFromList(MODEL, ['owners'], '@acme/ml')).toBe(MODEL.replace("[alice, '@acme/ml']", '[alice]'));
    expect(removeFromList(MODEL, ['tags'], 'fraud')).toBe(MODEL.replace('  - fraud\n', ''));
    expect(removeFromList(MODEL, ['tags'], 'tabular')).toBe(MODEL.replace('  - tabular # x\n', ''));
    expect(removeFromList('name: a\ntags:\n  - x\nowners: [a]\n', ['tags'], 'x')).toBe(
      'name: a\ntags: []\nowners: [a]\n',
    );
    expect(removeFromList(MODEL, ['tags'], 'absent')).toBeUndefined();
    expect(removeFromList('name: a\n', ['tags'], 'absent')).toBeUndefined();
  });

  it('refuse a list shared through an anchor, and a key that is not a list', () => {
    expect(() => appendToList('name: a\nowners: &o [a]\ntags: *o\n', ['owners'], 'b')).toThrow(
      /cannot be changed without changing more/,
    );
    expect(() => appendToList('name: a\nowners: a\n', ['owners'], 'b')).toThrow(/not a list/);
  });
});
