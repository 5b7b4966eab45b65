import { describe, expect, it } from 'vitest';
import { appendTopLevelBlock, setScalar, YamlEditError } from '../src/yaml/edit-yaml.js';

const original = `# a comment that must survive
version: 1.2.0
stage: staging   # trailing comment
created: 2026-01-01T00:00:00Z
created_by: alice
artifacts: {model: {uri: 's3://m/a.onnx', digest: "sha256:${'a'.repeat(64)}"}}

x-team-notes:   keep me
`;

describe('setScalar', () => {
  it('changes exactly the value, nothing else', () => {
    const edited = setScalar(original, ['stage'], 'production');
    expect(edited).toBe(original.replace('stage: staging   #', 'stage: production   #'));
  });

  it('keeps the quote style', () => {
    expect(setScalar('stage: "staging"\n', ['stage'], 'production')).toBe('stage: "production"\n');
    expect(setScalar("stage: 'staging'\n", ['stage'], 'production')).toBe("stage: 'production'\n");
  });

  it('refuses a missing key and invalid YAML', () => {
    expect(() => setScalar('version: 1.0.0\n', ['stage'], 'x')).toThrow(YamlEditError);
    expect(() => setScalar('stage: [\n', ['stage'], 'x')).toThrow(YamlEditError);
  });
});

describe('appendTopLevelBlock', () => {
  it('appends a block at the end and keeps everything above', () => {
    const edited = appendTopLevelBlock(original, 'deprecation', 'reason: superseded\nend_of_life: 2027-01-01');
    expect(edited).toBe(`${original}deprecation:\n  reason: superseded\n  end_of_life: 2027-01-01\n`);
  });

  it('adds the missing final newline first and refuses an existing key', () => {
    expect(appendTopLevelBlock('a: 1', 'b', 'c: 2')).toBe('a: 1\nb:\n  c: 2\n');
    expect(() => appendTopLevelBlock('a: 1\n', 'a', 'c: 2')).toThrow(YamlEditError);
  });
});
