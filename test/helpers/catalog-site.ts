/** A catalog built by the CLI from a real registry, and the browser the catalog tests look at it with. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './fixtures.js';
import { runCli } from './run-cli.js';
import { commit, createRepo, setClock, tempDir } from './temp-repo.js';

/** Headless Debian Chromium, started the way this workplace's machines allow (no network besides loopback). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A page at `width` px that collects console errors and uncaught exceptions. */
export async function openPage(browser: Browser, url: string, width = 1280): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

/** When the catalog is built: the ranker's whole history happened earlier the same day. */
export const CATALOG_BUILT_AT = new Date('2025-06-01T18:00:00Z');

/**
 * Three models. fraud: five versions promoted month by month, each derived from the last.
 * churn: one version. ranker: a history within one day (minutes-long stage spans), long
 * pre-release versions, a version with two children, three data sets and two code commits.
 */
export async function buildCatalog(): Promise<string> {
  setClock('2025-01-10T09:00:00Z');
  const metrics = (auc: number, latency: number) => ({ auc, latency_ms: latency });
  const fraudModel = modelYaml(
    'fraud',
    'description: Scores card payments for fraud\ntask: binary-classification\ntags: [payments, risk]\nmetrics:\n  auc: {goal: maximize}\n  latency_ms: {goal: minimize, unit: ms}\n',
  );
  const dir = createRepo(
    {
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': fraudModel,
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production', metrics: metrics(0.88, 40) }),
      'models/churn/model.yaml': modelYaml('churn', 'task: regression\ntags: [crm]\n').replace(
        "owners: [alice, '@acme/ml']",
        'owners: [bob]',
      ),
      [versionPath('churn', '0.1.0')]: versionYaml('0.1.0', { metrics: { rmse: 3.1 } }),
    },
    'seed',
  );
  const lineage = (parent: string) =>
    `lineage:\n  parent: ${parent}\n  data:\n    - uri: s3://data/payments/2025-01/\n`;
  let previous = '1.0.0';
  const values: [string, number, number][] = [
    ['1.1.0', 0.9, 38],
    ['1.2.0', 0.91, 41],
    ['1.3.0', 0.93, 35],
    ['1.4.0', 0.92, 33],
  ];
  for (const [v, auc, latency] of values) {
    setClock(`2025-0${values.findIndex((x) => x[0] === v) + 2}-01T09:00:00Z`);
    commit(dir, {
      [versionPath('fraud', v)]: versionYaml(v, {
        stage: 'staging',
        metrics: metrics(auc, latency),
        extra: lineage(previous),
      }),
    });
    commit(
      dir,
      {
        [versionPath('fraud', v)]: versionYaml(v, {
          stage: 'production',
          metrics: metrics(auc, latency),
          extra: lineage(previous),
        }),
        [versionPath('fraud', previous)]: versionYaml(previous, {
          stage: 'archived',
          metrics: metrics(...((values.find((x) => x[0] === previous)?.slice(1) as [number, number]) ?? [0.88, 40])),
          extra:
            previous === '1.0.0' ? '' : lineage(values[values.findIndex((x) => x[0] === previous) - 1]?.[0] ?? '1.0.0'),
        }),
      },
      `Merge pull request #${values.findIndex((x) => x[0] === v) + 10} from acme/promote-${v}`,
    );
    previous = v;
  }
  addRanker(dir);
  const out = join(tempDir('modelreg-catalog-', 'file'), 'site');
  const result = await runCli(
    dir,
    ['catalog', 'build', '--out', out, '--repo-url', 'https://github.invalid/acme/registry'],
    CATALOG_BUILT_AT,
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return out;
}

const CLICKS = 's3://ml-data/ranking/clicks/2025-05/';
const JUDGEMENTS = 'gs://ml-data/ranking/judgements/editorial-2025-05/';
const QUERY_LOGS = 's3://WAREHOUSE/QUERY_LOGS/WWW/MMM/2025-06-01/';

function rankerVersion(
  version: string,
  stage: string,
  ndcg: number,
  parent: string | null,
  data: readonly string[],
  code: string | null,
): string {
  const lineage = [
    parent ? `  parent: ${parent}\n` : '',
    `  data:\n${data.map((uri) => `    - uri: ${uri}\n`).join('')}`,
    code ? `  code:\n    repo: https://github.com/acme/ranker\n    commit: ${code.repeat(40 / code.length)}\n` : '',
  ].join('');
  return versionYaml(version, {
    stage,
    metrics: { ndcg_at_10: ndcg, p95_latency_ms: Math.round(ndcg * 100) },
    extra: `lineage:\n${lineage}`,
  });
}

/** ranker: everything on 2025-06-01 between 08:00 and 13:05. */
function addRanker(dir: string): void {
  const path = (v: string) => versionPath('ranker', v);
  setClock('2025-06-01T08:00:00Z');
  commit(
    dir,
    {
      'models/ranker/model.yaml': modelYaml(
        'ranker',
        'description: Orders search results\ntask: ranking\ntags: [search]\nmetrics:\n  ndcg_at_10: {goal: maximize}\n',
      ).replace("owners: [alice, '@acme/ml']", 'owners: [carol]'),
      [path('2.0.0')]: rankerVersion('2.0.0', 'staging', 0.61, null, [CLICKS], 'a1'),
    },
    'register ranker 2.0.0',
  );
  setClock('2025-06-01T08:45:00Z');
  commit(
    dir,
    { [path('2.0.0')]: rankerVersion('2.0.0', 'production', 0.61, null, [CLICKS], 'a1') },
    'Merge pull request #20 from acme/promote-ranker-2.0.0',
  );
  setClock('2025-06-01T10:00:00Z');
  commit(
    dir,
    { [path('2.1.0')]: rankerVersion('2.1.0', 'staging', 0.64, '2.0.0', [CLICKS, JUDGEMENTS], 'b2') },
    'register ranker 2.1.0',
  );
  setClock('2025-06-01T10:05:00Z');
  commit(
    dir,
    {
      [path('2.2.0-rc.1+build.20250601')]: rankerVersion(
        '2.2.0-rc.1+build.20250601',
        'development',
        0.66,
        '2.0.0',
        [JUDGEMENTS],
        'c3',
      ),
    },
    'register ranker 2.2.0-rc.1',
  );
  setClock('2025-06-01T13:00:00Z');
  commit(
    dir,
    {
      [path('2.1.0')]: rankerVersion('2.1.0', 'production', 0.64, '2.0.0', [CLICKS, JUDGEMENTS], 'b2'),
      [path('2.0.0')]: rankerVersion('2.0.0', 'archived', 0.61, null, [CLICKS], 'a1'),
    },
    'Merge pull request #21 from acme/promote-ranker-2.1.0',
  );
  setClock('2025-06-01T13:05:00Z');
  commit(
    dir,
    {
      [path('3.0.0-beta.2+exp.sha.5114f85')]: rankerVersion(
        '3.0.0-beta.2+exp.sha.5114f85',
        'development',
        0.7,
        '2.1.0',
        [CLICKS, JUDGEMENTS, QUERY_LOGS],
        'd4',
      ),
    },
    'register ranker 3.0.0-beta.2',
  );
}
