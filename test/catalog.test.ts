/// <reference lib="dom" />
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, buildCatalog, launchChromium, openPage } from './helpers/catalog-site.js';
import { serveDirectory } from './helpers/static-server.js';

let browser: Browser;
let site: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  site = await serveDirectory(await buildCatalog());
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const open = (path: string, width = 1280) => openPage(browser, `${site.url}/${path}`, width);

describe('the catalog site in a real browser', () => {
  it('lists the models and filters them by text, stage, owner and tag, from the keyboard too', async () => {
    const { page, errors } = await open('index.html');
    expect(await page.locator('tr.model-row').count()).toBe(3);
    expect(await page.locator('h1').textContent()).toBe('models');
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // brand
    await page.keyboard.press('Tab'); // search box
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-text');
    await page.keyboard.type('pay');
    expect(await page.locator('tr.model-row:visible').count()).toBe(1);
    expect(await page.locator('#filter-count').textContent()).toBe('1 of 3 models shown');
    await page.fill('#filter-text', '');
    await page.selectOption('#filter-stage', 'production');
    expect(await page.locator('tr.model-row:visible th').allTextContents()).toEqual(['fraud', 'ranker']);
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
    expect(await page.locator('svg.lineage .node.version rect').count()).toBe(5);
    expect(await page.locator('svg.lineage path.parent-edge').count()).toBe(4);
    // One data set, used by the four derived versions.
    expect(await page.locator('svg.lineage .node.data').count()).toBe(1);
    expect(await page.locator('svg.lineage path.source-edge.data').count()).toBe(4);
    const trail = await page.locator('table').last().locator('tbody tr').allTextContents();
    expect(trail.some((row) => row.includes('promote staging → production') && row.includes('#13'))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'catalog-model.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('passes axe-core accessibility checks (WCAG 2 A/AA: contrast, labels, headings, names) on every kind of page, at 1280 and 390 px', async () => {
    for (const [path, width] of [
      'index.html',
      'models/fraud/index.html',
      'models/ranker/index.html',
      'models/fraud/1.4.0.html',
      'models/ranker/2.2.0-rc.1+build.20250601.html',
    ].flatMap(
      (p) =>
        [
          [p, 1280],
          [p, 390],
        ] as const,
    )) {
      const { page } = await open(path, width);
      await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: {
              run: (
                context: Document,
                options: object,
              ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
            };
          }
        ).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
        });
        return result.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
        );
      });
      expect({ path, width, violations }).toEqual({ path, width, violations: [] });
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
      const hrefs = await page
        .locator('a[href]')
        .evaluateAll((links) => links.map((a) => new URL(a.getAttribute('href')!, location.href).href));
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
