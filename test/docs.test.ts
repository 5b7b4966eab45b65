import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCodeEntry } from '../src/domain/error-codes.js';

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

  describe('the "Command errors" tables and src/domain/error-codes.ts say the same', () => {
    /** Each documented code: its exit status and the anchor of the subsection that lists it. */
    const documented = new Map<string, { exit: number; anchor: string }>();
    let anchor = '';
    for (const line of sectionOf(doc, 'Command errors').split('\n')) {
      const heading = /^### (.+)$/.exec(line);
      if (heading) anchor = githubSlug(heading[1]!);
      if (!line.startsWith('| `')) continue;
      const [, codes, exit] = line.split('|');
      for (const m of codes!.matchAll(/`([A-Z0-9_]+)`/g)) documented.set(m[1]!, { exit: Number(exit), anchor });
    }

    it('documents every code of the table, with its exit status, under the heading its link names', () => {
      expect(Object.keys(ERROR_CODES).length).toBeGreaterThan(80);
      const wrong = Object.entries(ERROR_CODES).flatMap(([code, entry]) => {
        const row = documented.get(code);
        if (!row) return [`${code}: not documented`];
        if (row.exit !== entry.exit) return [`${code}: exit ${row.exit} documented, ${entry.exit} in the table`];
        if (row.anchor !== entry.anchor) return [`${code}: under #${row.anchor}, linked as #${entry.anchor}`];
        return [];
      });
      expect(wrong).toEqual([]);
    });

    it('documents no code the table lacks', () => {
      expect(documented.size).toBeGreaterThan(80);
      expect([...documented.keys()].filter((c) => !(c in ERROR_CODES))).toEqual([]);
    });

    it('has no code nothing throws', () => {
      const elsewhere = sources('src')
        .filter((path) => !path.endsWith('error-codes.ts'))
        .map((path) => readFileSync(path, 'utf8'))
        .join('\n');
      expect(Object.keys(ERROR_CODES).filter((c) => !elsewhere.includes(`'${c}'`))).toEqual([]);
    });

    it('shares a code with a finding only where the table says both mean the same failure', () => {
      const findingCodes = new Set([
        ...[...code.matchAll(/finding\(\s*'([A-Z0-9_]+)'/g)].map((m) => m[1]!),
        ...[...sectionOf(doc, 'Findings').matchAll(/^\| (`[A-Z0-9_]+`(?:, `[A-Z0-9_]+`)*) \|/gm)].flatMap((m) =>
          [...m[1]!.matchAll(/`([A-Z0-9_]+)`/g)].map((c) => c[1]!),
        ),
      ]);
      expect(findingCodes.size).toBeGreaterThan(60);
      const entries = Object.entries(ERROR_CODES) as [string, ErrorCodeEntry][];
      expect(entries.filter(([c, e]) => findingCodes.has(c) && !e.sameAsFinding).map(([c]) => c)).toEqual([]);
      expect(entries.filter(([c, e]) => e.sameAsFinding && !findingCodes.has(c)).map(([c]) => c)).toEqual([]);
    });
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
