/**
 * CODEOWNERS as the registry needs it (pure): the policy's admins own
 * registry.yaml, schemas/ and .github/, each model's owners own its
 * directory. The file is judged the way GitHub reads it, by the last line
 * whose pattern matches a path, so a later `*.yaml @someone` that takes a
 * model away from its owners is a difference even when the model's own line
 * is right.
 */

/** One line the registry needs: who must own the paths `pattern` covers. */
export interface CodeOwnersRule {
  readonly pattern: string;
  /** As CODEOWNERS writes them: `@alice`, `@org/team`. */
  readonly owners: readonly string[];
  /** Files the rule is about, checked against the whole file (the last matching line wins). */
  readonly probes: readonly string[];
}

export interface CodeOwnersWanted {
  readonly rules: readonly CodeOwnersRule[];
  /** What cannot be written as CODEOWNERS (no admins, a directory name CODEOWNERS cannot spell). */
  readonly problems: readonly string[];
}

/** Where GitHub looks for the file, in the order it looks. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export const CODEOWNERS_BEGIN =
  '# modelreg: begin (written by `modelreg github setup`; edit the owners in model.yaml and registry.yaml)';
export const CODEOWNERS_END = '# modelreg: end';

/** Characters a CODEOWNERS pattern takes literally. */
const PLAIN_PATH = /^[A-Za-z0-9._/-]*$/;

/** `alice` → `@alice`; teams are already `@org/team`. */
export function codeOwnerOf(owner: string): string {
  return owner.startsWith('@') ? owner : `@${owner}`;
}

/** The lines the registry needs, for a registry in `root` ('' at the top) of its repository. */
export function wantedCodeOwners(
  admins: readonly string[],
  models: readonly { name: string; owners: readonly string[] }[],
  root: string,
): CodeOwnersWanted {
  const problems: string[] = [];
  if (!PLAIN_PATH.test(root)) {
    return {
      rules: [],
      problems: [
        `the registry's directory "${root}" has characters a CODEOWNERS pattern cannot spell: write its lines by hand`,
      ],
    };
  }
  const prefix = root === '' ? '' : `${root}/`;
  const rules: CodeOwnersRule[] = [];
  if (admins.length === 0) {
    problems.push(
      'registry.yaml lists no admins, so nobody would own the policy, the schemas and the workflows: add `admins:` to registry.yaml',
    );
  } else {
    const owners = admins.map(codeOwnerOf);
    rules.push({ pattern: `/${prefix}registry.yaml`, owners, probes: [`${prefix}registry.yaml`] });
    rules.push({ pattern: `/${prefix}schemas/`, owners, probes: [`${prefix}schemas/model.schema.json`] });
    rules.push({ pattern: '/.github/', owners, probes: ['.github/workflows/modelreg.yml', '.github/CODEOWNERS'] });
  }
  for (const model of [...models].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const dir = `${prefix}models/${model.name}/`;
    rules.push({
      pattern: `/${dir}`,
      owners: model.owners.map(codeOwnerOf),
      probes: [`${dir}model.yaml`, `${dir}versions/1.0.0.yaml`],
    });
  }
  return { rules, problems };
}

interface ParsedLine {
  readonly matches: (path: string) => boolean;
  readonly owners: readonly string[];
}

function parseLines(text: string): ParsedLine[] {
  const lines: ParsedLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const [pattern, ...owners] = line.split(/\s+/);
    lines.push({ matches: patternMatcher(pattern!), owners });
  }
  return lines;
}

/**
 * gitignore-style matching as CODEOWNERS uses it: a leading or inner slash
 * anchors at the top, a trailing slash matches a directory's contents, `*`
 * stays within a directory, `**` crosses them.
 */
export function patternMatcher(pattern: string): (path: string) => boolean {
  const directory = pattern.endsWith('/');
  const trimmed = pattern.replace(/\/+$/, '');
  const anchored = trimmed.startsWith('/') || trimmed.includes('/');
  const body = trimmed
    .replace(/^\//, '')
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) => {
      if (part === '**/') return '(?:.*/)?';
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      if (part === '?') return '[^/]';
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // Unlike gitignore, a `*` in the last part does not reach into the directories it matches (GitHub: `docs/*` leaves docs/a/b alone).
  const lastPart = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  const below = directory ? '/.*' : /[*?]/.test(lastPart) ? '' : '(?:/.*)?';
  const regex = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}${below}$`);
  return (path) => regex.test(path);
}

/** Who owns `path` by `text`: the owners of the last matching line (none when no line matches). */
export function ownersOf(text: string, path: string): readonly string[] {
  let owners: readonly string[] = [];
  for (const line of parseLines(text)) if (line.matches(path)) owners = line.owners;
  return owners;
}

function sameOwners(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((o) => o.toLowerCase()));
  const right = new Set(b.map((o) => o.toLowerCase()));
  return left.size === right.size && [...left].every((o) => right.has(o));
}

/** Each path whose owners in `text` (undefined: no file) are not what the registry needs. */
export function codeOwnersDifferences(text: string | undefined, wanted: CodeOwnersWanted): string[] {
  const differences: string[] = [];
  for (const rule of wanted.rules) {
    for (const probe of rule.probes) {
      const actual = ownersOf(text ?? '', probe);
      if (!sameOwners(actual, rule.owners)) {
        differences.push(
          `${probe} is owned by ${actual.length > 0 ? actual.join(' ') : 'nobody'}, should be ${rule.owners.join(' ')}`,
        );
        break;
      }
    }
  }
  return differences;
}

/**
 * `text` with the registry's block in place: an earlier block is replaced,
 * lines of the same patterns elsewhere are dropped, and the block goes last
 * so that no other line overrides it.
 */
export function withCodeOwners(text: string | undefined, wanted: CodeOwnersWanted): string {
  const patterns = new Set(wanted.rules.map((r) => r.pattern));
  const kept: string[] = [];
  let inBlock = false;
  for (const line of (text ?? '').replace(/\r\n/g, '\n').split('\n')) {
    if (line.startsWith('# modelreg: begin')) inBlock = true;
    else if (line === CODEOWNERS_END) inBlock = false;
    else if (!inBlock && !patterns.has(line.trim().split(/\s+/)[0] ?? '')) kept.push(line);
  }
  while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') kept.pop();
  const block = [CODEOWNERS_BEGIN, ...wanted.rules.map((r) => `${r.pattern} ${r.owners.join(' ')}`), CODEOWNERS_END];
  return `${[...kept, ...(kept.length > 0 ? [''] : []), ...block].join('\n')}\n`;
}
