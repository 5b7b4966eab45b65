/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { serveDirectory } from './helpers/static-server.js';
import { commit, createRepo, setClock, tempDir } from './helpers/temp-repo.js';

/** Headless Debian Chromium, started the way this workplace's machines allow (no network besides loopback). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(process.cwd(), 'test-artifacts');

let browser: Browser;
let site: { url: string; close: () => Promise<void> };

/** Two models; fraud with five versions promoted over time, one deprecated. */
async function buildCatalog(): Promise<string> {
  setClock('2025-01-10T09:00:00Z');
  const metrics = (auc: number, latency: number) => ({ auc, latency_ms: latency });
  const fraudModel = modelYaml('fraud', 'description: Scores card payments for fraud\ntask: binary-classification\ntags: [payments, risk]\nmetrics:\n  auc: {goal: maximize}\n  latency_ms: {goal: minimize, unit: ms}\n');
  const dir = createRepo(
    {
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': fraudModel,
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production', metrics: metrics(0.88, 40) }),
      'models/churn/model.yaml': modelYaml('churn', 'task: regression\ntags: [crm]\n').replace("owners: [alice, '@acme/ml']", 'owners: [bob]'),
      [versionPath('churn', '0.1.0')]: versionYaml('0.1.0', { metrics: { rmse: 3.1 } }),
    },
    'seed',
  );
  const lineage = (parent: string) => `lineage:\n  parent: ${parent}\n  data:\n    - uri: s3://data/payments/2025-01/\n`;
  let previous = '1.0.0';
  const values: [string, number, number][] = [['1.1.0', 0.9, 38], ['1.2.0', 0.91, 41], ['1.3.0', 0.93, 35], ['1.4.0', 0.92, 33]];
  for (const [v, auc, latency] of values) {
    setClock(`2025-0${values.findIndex((x) => x[0] === v) + 2}-01T09:00:00Z`);
    commit(dir, { [versionPath('fraud', v)]: versionYaml(v, { stage: 'staging', metrics: metrics(auc, latency), extra: lineage(previous) }) });
    commit(dir, {
      [versionPath('fraud', v)]: versionYaml(v, { stage: 'production', metrics: metrics(auc, latency), extra: lineage(previous) }),
      [versionPath('fraud', previous)]: versionYaml(previous, { stage: 'archived', metrics: metrics(...(values.find((x) => x[0] === previous)?.slice(1) as [number, number] ?? [0.88, 40])), extra: previous === '1.0.0' ? '' : lineage(values[values.findIndex((x) => x[0] === previous) - 1]?.[0] ?? '1.0.0') }),
    }, `Merge pull request #${values.findIndex((x) => x[0] === v) + 10} from acme/promote-${v}`);
    previous = v;
  }
  const out = join(tempDir('modelreg-catalog-', 'file'), 'site');
  const result = await runCli(dir, ['catalog', 'build', '--out', out, '--repo-url', 'https://github.invalid/acme/registry'], new Date('2025-06-01T00:00:00Z'));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return out;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  site = await serveDirectory(await buildCatalog());
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function open(path: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${site.url}/${path}`);
  return { page, errors };
}

describe('the catalog site in a real browser', () => {
  it('lists the models and filters them by text, stage, owner and tag, from the keyboard too', async () => {
    const { page, errors } = await open('index.html');
    expect(await page.locator('tr.model-row').count()).toBe(2);
    expect(await page.locator('h1').textContent()).toBe('models');
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // brand
    await page.keyboard.press('Tab'); // search box
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-text');
    await page.keyboard.type('pay');
    expect(await page.locator('tr.model-row:visible').count()).toBe(1);
    expect(await page.locator('#filter-count').textContent()).toBe('1 of 2 models shown');
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-stage', 'production');
    expect(await page.locator('tr.model-row:visible th').allTextContents()).toEqual(['fraud']);
    await page.selectOption('#filter-stage', '');
    await page.selectOption('#filter-owner', 'bob');
    expect(await page.locator('tr.model-row:visible th').allTextContents()).toEqual(['churn']);
    await page.selectOption('#filter-owner', '');
    await page.selectOption('#filter-tag', 'risk');
    expect(await page.locator('tr.model-row:visible th').allTextContents()).toEqual(['fraud']);
    await page.selectOption('#filter-tag', '');
    expect(await page.locator('label[for="filter-text"]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'catalog-index.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a model with its timeline, one chart point per version, lineage and audit trail', async () => {
    const { page, errors } = await open('models/fraud/index.html');
    expect(await page.locator('h1').textContent()).toBe('fraud');
    expect(await page.locator('svg.timeline rect.span[data-stage="production"]').count()).toBe(5);
    expect(await page.locator('svg[data-metric="auc"] circle.point').count()).toBe(5);
    expect(await page.locator('svg[data-metric="latency_ms"] circle.point').count()).toBe(5);
    expect(await page.locator('svg.lineage rect.node').count()).toBe(5);
    expect(await page.locator('svg.lineage line.edge:not(.source-edge)').count()).toBe(4);
    // One data set, used by the four derived versions.
    expect(await page.locator('svg.lineage g.source.data').count()).toBe(1);
    expect(await page.locator('svg.lineage line.source-edge').count()).toBe(4);
    const trail = await page.locator('table').last().locator('tbody tr').allTextContents();
    expect(trail.some((row) => row.includes('promote staging → production') && row.includes('#13'))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'catalog-model.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('passes axe-core accessibility checks (WCAG 2 A/AA: contrast, labels, headings, names) on every kind of page', async () => {
    for (const path of ['index.html', 'models/fraud/index.html', 'models/fraud/1.4.0.html']) {
      const { page } = await open(path);
      await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
        });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      });
      expect({ path, violations }).toEqual({ path, violations: [] });
      await page.close();
    }
  });

  it('has no broken local links', async () => {
    const seen = new Set<string>();
    const queue = ['index.html'];
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const { page, errors } = await open(path);
      expect(errors).toEqual([]);
      // SVG links too: resolve each href attribute against the page.
      const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => new URL(a.getAttribute('href')!, location.href).href));
      await page.close();
      for (const href of hrefs) {
        if (!href.startsWith(site.url)) continue;
        const response = await fetch(href.split('#')[0]!);
        expect({ href, status: response.status }).toEqual({ href, status: 200 });
        const local = href.slice(site.url.length + 1).split('#')[0]!;
        if (local.endsWith('.html')) queue.push(local);
      }
    }
    expect(seen.size).toBeGreaterThan(8);
  });
});
