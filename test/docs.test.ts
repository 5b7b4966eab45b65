import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('docs/contract.md', () => {
  const doc = readFileSync('docs/contract.md', 'utf8');
  const code = sources('src').map((path) => readFileSync(path, 'utf8')).join('\n');

  it('documents every finding code the validator can emit', () => {
    const emitted = new Set([...code.matchAll(/finding\(\s*'([A-Z0-9_]+)'/g)].map((m) => m[1]!));
    emitted.add('YAML_DUPLICATE_KEY').add('YAML_SYNTAX'); // chosen by a conditional in yaml-file.ts
    expect(emitted.size).toBeGreaterThan(40);
    expect([...emitted].filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });

  it('documents every command error code', () => {
    const thrown = new Set([...code.matchAll(/new UserError\(\s*'([A-Z0-9_]+)'/g)].map((m) => m[1]!));
    expect([...thrown].filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });
});
