import { describe, expect, it } from 'vitest';
import { YamlEditError } from '../src/yaml/edit-yaml.js';
import { setWeight } from '../src/yaml/edit-weight.js';

const original = `# a comment that must survive
version: 1.2.0
stage: production   # trailing comment
created: 2026-01-01T00:00:00Z
x-team-notes:   keep me
`;

describe('setWeight', () => {
  it('adds the weight on the line after the stage, and nothing else', () => {
    expect(setWeight(original, 10)).toBe(original.replace('comment\n', 'comment\nweight: 10\n'));
  });

  it('changes the value in place and removes the line', () => {
    const weighted = original.replace('comment\n', 'comment\nweight: 10   # canary\n');
    expect(setWeight(weighted, 50)).toBe(weighted.replace('weight: 10', 'weight: 50'));
    expect(setWeight(weighted, undefined)).toBe(original);
    expect(setWeight(original, undefined)).toBe(original);
  });

  it('keeps CRLF line breaks, indentation, and a stage on the last line', () => {
    const crlf = '  version: 1.0.0\r\n  stage: production\r\n  created: 2026-01-01T00:00:00Z\r\n';
    expect(setWeight(crlf, 90)).toBe(
      '  version: 1.0.0\r\n  stage: production\r\n  weight: 90\r\n  created: 2026-01-01T00:00:00Z\r\n',
    );
    expect(setWeight('version: 1.0.0\nstage: production', 90)).toBe('version: 1.0.0\nstage: production\nweight: 90\n');
  });

  it('refuses a flow-style entry and invalid YAML', () => {
    expect(() => setWeight('{version: 1.0.0, stage: production}\n', 10)).toThrow(YamlEditError);
    expect(() => setWeight('stage: [\n', 10)).toThrow(YamlEditError);
  });
});
