import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, parseYamlText, readYamlFile } from '../src/yaml/yaml-file.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('readYamlFile: malformed files are findings, never exceptions', () => {
  it('reports a syntax error at its line', () => {
    const file = parseYamlText('x.yaml', 'version: 1.0.0\nstage: development: yes\ncreated: now\n');
    expect(file.value).toBeUndefined();
    expect(file.findings).toEqual([
      expect.objectContaining({ code: 'YAML_SYNTAX', severity: 'error', file: 'x.yaml', line: 2, column: 8 }),
    ]);
  });

  it('reports a duplicate key at the second occurrence', () => {
    const file = parseYamlText('x.yaml', 'version: 1.0.0\nstage: development\nstage: production\n');
    expect(file.findings).toEqual([expect.objectContaining({ code: 'YAML_DUPLICATE_KEY', line: 3, column: 1 })]);
    expect(file.value).toBeUndefined();
  });

  it('reports a second document at its separator', () => {
    const file = parseYamlText('x.yaml', 'a: 1\n---\nb: 2\n');
    expect(file.findings).toEqual([expect.objectContaining({ code: 'YAML_MULTIPLE_DOCUMENTS', line: 2 })]);
  });

  it('stops an alias bomb fast', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const started = performance.now();
    const file = parseYamlText('bomb.yaml', lines.join('\n'));
    expect(file.findings.map((f) => f.code)).toEqual(['YAML_ALIAS_LIMIT']);
    expect(file.value).toBeUndefined();
    // Not a timing assertion on the product: a sanity bound that the expansion never happened.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('accepts a few aliases', () => {
    const file = parseYamlText('x.yaml', 'base: &b {lr: 0.1}\nparams: *b\n');
    expect(file.findings).toEqual([]);
    expect(file.value).toEqual({ base: { lr: 0.1 }, params: { lr: 0.1 } });
  });

  it('refuses files over the size cap before parsing', () => {
    const file = readYamlFile('big.yaml', new Uint8Array(MAX_FILE_BYTES + 1).fill(0x61));
    expect(file.findings).toEqual([expect.objectContaining({ code: 'FILE_TOO_LARGE', line: 1, column: 1 })]);
  });

  it('refuses non-UTF-8 content', () => {
    const file = readYamlFile('latin1.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
    expect(file.findings).toEqual([expect.objectContaining({ code: 'NOT_UTF8' })]);
  });

  it('treats an empty file as an empty document', () => {
    const file = readYamlFile('empty.yaml', encode(''));
    expect(file.findings).toEqual([]);
    expect(file.value).toBeNull();
  });

  it('locates values, keys, sequence items, and missing keys at their parent', () => {
    const text = 'a:\n  b:\n    - x\n    - y\n  c: 3\n';
    const file = parseYamlText('x.yaml', text);
    expect(file.locate(['a', 'b', 1])).toEqual({ line: 4, column: 7 });
    expect(file.locate(['a', 'c'])).toEqual({ line: 5, column: 6 });
    expect(file.locate(['a', 'c'], { key: true })).toEqual({ line: 5, column: 3 });
    expect(file.locate(['a', 'missing'])).toEqual({ line: 1, column: 1 });
    expect(file.locate(['a', 'b', 'missing'])).toEqual({ line: 2, column: 3 });
  });
});
