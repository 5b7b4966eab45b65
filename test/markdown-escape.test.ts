/**
 * Everything a user can type that reaches the Markdown we generate (model
 * pages, the audit report, the pull request comment and job summary) is
 * rendered inert: no raw HTML, no links or images, no @mentions, no table or
 * code-span breakouts, no new blocks. The text itself stays readable.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../src/github/render-report.js';
import { classifyChange } from '../src/governance/classify-change.js';
import { markdownBlock, markdownCell, markdownCode, markdownLinkPath, markdownText } from '../src/domain/markdown.js';
import { Registry } from '../src/registry/registry.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runAction } from './helpers/run-action.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

/** Values people have typed into registries to see what happens. */
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[click me](javascript:alert(1))',
  '![pixel](https://evil.example/p.png)',
  '<javascript:alert(1)>',
  '@acme/ml and @everyone',
  'a | b | c',
  '`code` and ``double``',
  'first line\nsecond line',
  '&lt;b&gt; &#64;alice',
  '**bold** _em_ ~~gone~~',
];

/**
 * What is left active in `markdown` once escapes, our zero-width mention
 * breaks and code spans are set aside: HTML tags, link or image syntax,
 * autolinks in angle brackets, and @mentions.
 */
function activeSyntax(markdown: string, allowed: readonly string[] = []): string[] {
  let text = markdown;
  for (const a of allowed) text = text.replaceAll(a, '');
  text = text.replace(/\\[!-/:-@[-`{-~]/g, '').replace(/@&#8203;|&lt;|&gt;|&amp;/g, '');
  text = text.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
  const found: string[] = [];
  for (const pattern of [
    /<\/?[A-Za-z!][^>]*>?/g,
    /\]\(/g,
    /<[a-z]+:/g,
    /(?<![A-Za-z0-9_.+-])@[A-Za-z0-9]/g,
    /&#?[A-Za-z0-9]+;/g,
  ]) {
    found.push(...(text.match(pattern) ?? []));
  }
  return found;
}

/** Unescaped pipes per table row: a cell value must not add columns. */
function columnsPerRow(markdown: string): number[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.replace(/\\\\/g, '').split(/(?<!\\)\|/).length);
}

describe('the escaping functions', () => {
  it.each(HOSTILE)('markdownText leaves nothing active in %j', (value) => {
    expect(activeSyntax(markdownText(value))).toEqual([]);
    expect(markdownText(value)).not.toContain('\n');
  });

  it.each(HOSTILE)('markdownCell keeps one cell for %j', (value) => {
    expect(columnsPerRow(`| ${markdownCell(value)} | x |`)).toEqual([4]);
  });

  it('markdownBlock keeps lines but starts no heading, quote, list, rule, fence or indented code block', () => {
    const block = markdownBlock('intro\n# heading\n> quote\n- item\n1. item\n---\n```\n    indented\n<div>');
    expect(block.split('\n')).toEqual([
      'intro',
      '\\# heading',
      '&gt; quote',
      '\\- item',
      '1\\. item',
      '\\---',
      '\\`\\`\\`',
      'indented',
      '&lt;div&gt;',
    ]);
  });

  it('markdownCode holds any text, backticks and pipes included, in one span', () => {
    expect(markdownCode('a`b``c')).toBe('```a`b``c```');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownCode('x|y\nz')).toBe('`x\\|y z`');
  });

  it('leaves e-mail addresses and names with underscores as they are', () => {
    expect(markdownText('alice@example.com')).toBe('alice@example.com');
    expect(markdownText('f1_score')).toBe('f1_score');
  });

  it('markdownLinkPath cannot close the link it sits in', () => {
    expect(markdownLinkPath('models/a b/x)(javascript:alert(1).yaml')).toBe(
      'models/a%20b/x)(javascript%3Aalert(1).yaml',
    );
    expect(markdownLinkPath('models/a b/x)(y')).not.toMatch(/[\s<>]/);
  });
});

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');
const quoted = (value: string) => JSON.stringify(value);

describe('model pages (modelreg docs)', () => {
  it('show hostile descriptions, tasks, tags, authors and deprecation reasons as text', async () => {
    const model = modelYaml(
      'fraud',
      `description: ${quoted(HOSTILE.join('\n'))}\ntask: ${quoted(HOSTILE[2]!)}\ntags: [${HOSTILE.map(quoted).join(', ')}]\nmetrics:\n  auc: {goal: maximize}\n`,
    );
    const deprecated = versionYaml('1.0.0', {
      metrics: { auc: 0.9 },
      extra: `deprecation:\n  reason: ${quoted(HOSTILE.join(' '))}\n`,
    }).replace(
      'created_by: alice@example.com',
      `created_by: ${quoted('Mallory @acme/ml | [x](javascript:alert(1)) <b>')}`,
    );
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': model,
      [v100]: deprecated,
      [v110]: versionYaml('1.1.0', { metrics: { auc: 0.93 } }),
    });
    expect((await runCli(dir, ['validate', '--all'])).code).toBe(0);
    const written = await runCli(dir, ['docs']);
    expect(written.code, written.stderr).toBe(0);
    const page = readFileSync(join(dir, 'models/fraud/README.md'), 'utf8');
    expect(
      activeSyntax(page, [
        '<!-- generated by `modelreg docs`: edit model.yaml and the version files, not this page -->',
        '<br/>',
      ]),
    ).toEqual([]);
    const table = page.split('## Versions')[1]!.split('##')[0]!;
    expect(new Set(columnsPerRow(table)).size).toBe(1);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('- **Owners:** `alice`, `@acme/ml`');
  });
});

describe('the audit report (modelreg audit)', () => {
  it('shows hostile author names and registry names as text', async () => {
    const policy = templatePolicy().replace(
      /^name: .*$/m,
      `name: ${quoted('<img src=x onerror=alert(1)> [r](javascript:alert(1))')}`,
    );
    const dir = createRepo({
      'registry.yaml': policy,
      'models/fraud/model.yaml': modelYaml('fraud'),
      [v100]: versionYaml('1.0.0', { stage: 'staging' }),
    });
    // git itself strips < and > from names; everything else a name may hold is here.
    git(
      dir,
      'config',
      'user.name',
      'Mallory [click](javascript:alert(1)) @acme/ml | `x` ![i](https://evil.example/i.png)',
    );
    commit(dir, { [v100]: versionYaml('1.0.0', { stage: 'production' }) }, 'promote fraud | @everyone <img src=x>');
    const result = await runCli(dir, ['audit']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Mallory');
    expect(activeSyntax(result.stdout)).toEqual([]);
    for (const table of result.stdout.split('\n\n').filter((part) => part.startsWith('|')))
      expect(new Set(columnsPerRow(table)).size).toBe(1);
  });
});

describe('history as Markdown (modelreg history --format md)', () => {
  it('shows hostile author names as text, one cell each', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [v100]: versionYaml('1.0.0', { stage: 'staging' }),
    });
    git(
      dir,
      'config',
      'user.name',
      'Mallory [click](javascript:alert(1)) @acme/ml | `x` ![i](https://evil.example/i.png)',
    );
    commit(dir, { [v100]: versionYaml('1.0.0', { stage: 'production' }) }, 'promote fraud');
    const result = await runCli(dir, ['history', 'fraud', '--format', 'md']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Mallory');
    expect(activeSyntax(result.stdout)).toEqual([]);
    expect(new Set(columnsPerRow(result.stdout)).size).toBe(1);
  });
});

describe('the pull request report', () => {
  it('shows findings about hostile keys, values and paths as text, with working links', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [v100]: versionYaml('1.0.0'),
    });
    commit(dir, {
      [v110]: versionYaml('1.1.0', {
        extra: `${quoted('<img src=x onerror=alert(1)> @acme/ml')}: 1\n${quoted('[x](javascript:alert(1))|`y`')}: 2\n`,
      }),
      'models/fraud/notes) [x](javascript:alert(1)).md': 'hello',
    });
    const report = await (await Registry.open(dir)).validate({ base: 'HEAD~1', head: 'HEAD' });
    expect(report.findings.map((f) => f.code)).toEqual(['UNEXPECTED_FILE', 'UNKNOWN_KEY', 'UNKNOWN_KEY']);
    const markdown = renderReport({
      verdict: 'fail',
      changes: classifyChange(report.input),
      findings: report.findings,
      approvals: undefined,
      comparisons: [],
      notes: [],
      blobUrl: 'https://github.com/acme/registry/blob/0123456',
    });
    const links = [...markdown.matchAll(/\]\((https:\/\/github\.com\/acme\/registry\/blob\/0123456\/[^)\s]*)\)/g)].map(
      (m) => m[1],
    );
    expect(links).toHaveLength(3);
    expect(
      activeSyntax(markdown.replaceAll(/\]\(https:\/\/github\.com\/acme\/registry\/blob\/0123456\/[^)\s]*\)/g, ''), [
        '<!-- modelreg:validation -->',
      ]),
    ).toEqual([]);
    const findingRows = markdown.split('### Contract findings')[1]!;
    expect(new Set(columnsPerRow(findingRows)).size).toBe(1);
  });
});

describe('the job summary after a push (the bundled validation action)', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await FakeGitHub.start();
  });
  afterAll(() => fake.close());

  it('shows a hostile commit subject as text', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [v100]: versionYaml('1.0.0'),
    });
    const before = git(dir, 'rev-parse', 'HEAD');
    const after = commit(
      dir,
      { [v110]: versionYaml('1.1.0') },
      '<img src=x onerror=alert(1)> @acme/ml [x](javascript:alert(1)) | `y`',
    );
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'push',
      event: { before, after, ref: 'refs/heads/main' },
      apiUrl: fake.url,
      inputs: { record: 'false' },
    });
    expect(run.summary).toContain('onerror=alert(1)');
    expect(activeSyntax(run.summary)).toEqual([]);
    const table = run.summary.split('| Commit | Changes |')[1]!.split('\n\n')[0]!;
    expect(new Set(columnsPerRow(`| Commit | Changes |${table}`)).size).toBe(1);
    expect(fake.violations.splice(0)).toEqual([]);
  });
});
