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
  const code = sources('src')
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');

  it('documents every finding code the validator can emit', () => {
    const emitted = new Set([...code.matchAll(/finding\(\s*'([A-Z0-9_]+)'/g)].map((m) => m[1]!));
    emitted.add('YAML_DUPLICATE_KEY').add('YAML_SYNTAX'); // chosen by a conditional in yaml-file.ts
    expect(emitted.size).toBeGreaterThan(40);
    expect([...emitted].filter((c) => !doc.includes(`\`${c}\``))).toEqual([]);
  });

  it('lists every code a UserError is thrown with in the command errors table, whatever shape the throw has', () => {
    const table = sectionOf(doc, 'Command errors');
    const listed = new Set(
      table
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!)),
    );
    const thrown = new Map<string, string>();
    const unrecognised: string[] = [];
    for (const path of sources('src')) {
      const text = readFileSync(path, 'utf8');
      for (const m of text.matchAll(/new UserError\(\s*([^,]*),/g)) {
        if (/^'[A-Z0-9_]+'$/.test(m[1]!)) thrown.set(m[1]!.slice(1, -1), path);
        // Re-thrown with more context (or rebuilt from a worker thread's report): the caught error's code,
        // already counted where it was first thrown.
        else if (m[1] !== 'error.code' && m[1] !== 'error.user.code')
          unrecognised.push(`${path}: new UserError(${m[1]}, …)`);
      }
      // Subclasses (YamlEditError, ContractViolation) pass their code to super().
      if (/class \w+ extends (UserError|ContractViolation)\b/.test(text)) {
        for (const m of text.matchAll(/super\(\s*([^,)]*)/g)) {
          if (/^'[A-Z0-9_]+'$/.test(m[1]!)) thrown.set(m[1]!.slice(1, -1), path);
          else if (!path.endsWith('src/domain/errors.ts') || m[1] !== 'message')
            unrecognised.push(`${path}: super(${m[1]}, …)`);
        }
      }
    }
    expect(unrecognised).toEqual([]);
    expect(thrown.size).toBeGreaterThan(60);
    expect([...thrown].filter(([c]) => !listed.has(c)).map(([c, path]) => `${c} (${path})`)).toEqual([]);
  });

  it('hints link the published documentation at sections that exist, never a docs/ path a registry does not have', () => {
    const anchors = new Set(
      [...readFileSync('docs/contract.md', 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map((m) => githubSlug(m[1]!)),
    );
    const linked = [...code.matchAll(/contractDocUrl\('([^']+)'\)/g)].map((m) => m[1]!);
    expect(linked.length).toBeGreaterThan(2);
    expect(linked.filter((anchor) => !anchors.has(anchor))).toEqual([]);
    const withoutComments = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const bareDocPaths = [
      ...withoutComments.matchAll(/(['"`])[^'"`\n]*?(?<!blob\/main\/)docs\/[a-z-]+\.md[^'"`\n]*\1/g),
    ].map((m) => m[0]);
    expect(bareDocPaths).toEqual([]);
  });
});

/** The text of a `## title` section, up to the next heading of that level. */
function sectionOf(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  expect(start).toBeGreaterThan(0);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens. */
function githubSlug(heading: string): string {
  return heading
    .replace(/\\(.)/g, '$1')
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}
