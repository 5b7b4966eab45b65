/// <reference lib="dom" />
/**
 * The catalog's look, measured in a real browser at a desktop and a phone width (issue 11 §6):
 * no page wider than the window, every SVG text inside its box, lineage edges that avoid the
 * nodes they do not join, timeline axes at the data's resolution, every timeline segment
 * identifiable, red only for trouble, and the comparison's number headers over their numbers.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SVG_FONT_FAMILY, textWidth, type FontWeight } from '../src/catalog/text-width.js';
import { ARTIFACTS, buildCatalog, launchChromium, openPage } from './helpers/catalog-site.js';
import { serveDirectory } from './helpers/static-server.js';

const PROBES = join(process.cwd(), 'test/helpers/layout-probes.browser.js');
const RANKER_RC = 'models/ranker/2.2.0-rc.1+build.20250601.html';
const PAGES = [
  'index.html',
  'models/fraud/index.html',
  'models/ranker/index.html',
  'models/fraud/1.3.0.html',
  RANKER_RC,
];

type Probe =
  'pageOverflow' | 'textsOutsideTheirBoxes' | 'overlappingTexts' | 'edgesCrossingNodes' | 'misalignedNumberHeaders';

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

async function open(path: string, width: number): Promise<Page> {
  const { page, errors } = await openPage(browser, `${site.url}/${path}`, width);
  expect(errors).toEqual([]);
  await page.addScriptTag({ path: PROBES });
  return page;
}

function probe(page: Page, name: Probe, argument?: string): Promise<string[]> {
  return page.evaluate(
    ([n, a]) => (window as unknown as { layoutProbes: Record<string, (a?: string) => string[]> }).layoutProbes[n!]!(a),
    [name, argument] as const,
  );
}

/** Hue in degrees and saturation (0–1) of a CSS colour the browser computed. */
function hueOf(rgb: string): { hue: number; saturation: number } {
  const [r, g, b] = rgb
    .match(/\d+(\.\d+)?/g)!
    .slice(0, 3)
    .map((v) => Number(v) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === min) return { hue: 0, saturation: 0 };
  const d = max - min;
  const hue = max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return { hue: hue * 60, saturation: d / (1 - Math.abs(max + min - 1)) };
}

const slug = (path: string) =>
  path
    .replace(/\.html$/, '')
    .replace(/\/index$/, '')
    .replace(/[^a-z0-9.]+/gi, '-');

describe('the catalog at 1280 and 390 px', () => {
  for (const width of [1280, 390]) {
    it(`no page is wider than a ${width} px window and every SVG text stays inside its box, overlapping no other`, async () => {
      const problems: Record<string, string[]> = {};
      for (const path of PAGES) {
        const page = await open(path, width);
        await page.screenshot({ path: join(ARTIFACTS, `layout-${slug(path)}-${width}.png`), fullPage: true });
        const found = [
          ...(await probe(page, 'pageOverflow')),
          ...(await probe(page, 'textsOutsideTheirBoxes')),
          ...(await probe(page, 'overlappingTexts')),
        ];
        if (found.length > 0) problems[path] = found;
        await page.close();
      }
      expect(problems).toEqual({});
    });
  }

  it('draws lineage edges that join exactly their two nodes and cross no other node', async () => {
    for (const [model, edges] of [
      ['fraud', { parent: 4, data: 4, code: 0 }],
      ['ranker', { parent: 3, data: 7, code: 4 }],
    ] as const) {
      const page = await open(`models/${model}/index.html`, 1280);
      await page.locator('svg.lineage').screenshot({ path: join(ARTIFACTS, `layout-lineage-${model}.png`) });
      expect.soft({ model, crossings: await probe(page, 'edgesCrossingNodes') }).toEqual({ model, crossings: [] });
      // Which data set fed which version: every edge names its ends, and starts and ends on them.
      const ends = await page.locator('svg.lineage .edge').evaluateAll((list) =>
        list.map((edge) => {
          const path = edge as SVGGeometryElement;
          const node = (id: string | null) =>
            path.ownerSVGElement!.querySelector(`[data-node="${CSS.escape(id ?? '')}"] rect`) as SVGRectElement | null;
          const touches = (rect: SVGRectElement | null, at: number) => {
            if (!rect) return false;
            const p = path.getPointAtLength(at);
            const b = rect.getBBox();
            const g = rect.parentElement as unknown as SVGGraphicsElement;
            const m = g.getCTM()!.inverse().multiply(path.getCTM()!);
            const q = new DOMPoint(p.x, p.y).matrixTransform(m);
            return q.x >= b.x - 3 && q.x <= b.x + b.width + 3 && q.y >= b.y - 3 && q.y <= b.y + b.height + 3;
          };
          return {
            kind: edge.getAttribute('data-kind'),
            ok:
              touches(node(edge.getAttribute('data-from')), 0) &&
              touches(node(edge.getAttribute('data-to')), path.getTotalLength()),
          };
        }),
      );
      const count = (kind: string) => ends.filter((e) => e.kind === kind).length;
      expect
        .soft({
          model,
          parent: count('parent'),
          data: count('data'),
          code: count('code'),
          allJoinTheirEnds: ends.every((e) => e.ok),
        })
        .toEqual({ model, ...edges, allJoinTheirEnds: true });
      await page.close();
    }
  });

  it('labels the timeline axis at the resolution of the data and makes every segment identifiable', async () => {
    for (const [model, format] of [
      ['ranker', /^\d{2}:\d{2}$/],
      ['fraud', /^\d{4}-\d{2}(-\d{2})?$/],
    ] as const) {
      const page = await open(`models/${model}/index.html`, 1280);
      // The time axis: the timeline's axis labels that hold digits (the others name stages).
      const ticks = (await page.locator('svg.timeline text.axis-label').allTextContents()).filter((text) =>
        /\d/.test(text),
      );
      expect.soft(ticks.length, model).toBeGreaterThanOrEqual(3);
      expect.soft(new Set(ticks).size, `${model}: ${ticks.join(', ')}`).toBe(ticks.length);
      for (const tick of ticks) expect.soft(tick, model).toMatch(format);
      // A segment names its version in its tooltip, and the legend gives its colour the same name.
      const segments = await page.locator('svg.timeline rect.span').evaluateAll((rects) =>
        rects.map((rect) => {
          const version = rect.getAttribute('data-version')!;
          const swatch = document.querySelector(`.timeline-legend [data-version="${CSS.escape(version)}"] .swatch`);
          return {
            version,
            title: rect.querySelector('title')?.textContent ?? '',
            fill: getComputedStyle(rect).fill,
            legend: swatch ? getComputedStyle(swatch).backgroundColor : null,
          };
        }),
      );
      expect.soft(segments.length, model).toBeGreaterThan(3);
      for (const s of segments)
        expect
          .soft({ model, title: s.title.startsWith(`${s.version} in `), legend: s.legend })
          .toEqual({ model, title: true, legend: s.fill });
      await page.close();
    }
  });

  it('keeps red for trouble: no version colour is red', async () => {
    for (const model of ['fraud', 'ranker']) {
      const page = await open(`models/${model}/index.html`, 1280);
      const fills = await page
        .locator('svg.timeline rect.span')
        .evaluateAll((rects) => rects.map((r) => getComputedStyle(r).fill));
      expect(fills.length).toBeGreaterThan(3);
      const red = fills.filter((fill) => {
        const { hue, saturation } = hueOf(fill);
        return saturation > 0.25 && (hue < 25 || hue > 335);
      });
      expect.soft({ model, red }).toEqual({ model, red: [] });
      await page.close();
    }
  });

  for (const width of [1280, 390]) {
    it(`puts each number header of the comparison (Δ too) over its own column at ${width} px`, async () => {
      for (const path of ['models/fraud/1.3.0.html', RANKER_RC]) {
        const page = await open(path, width);
        expect(await page.locator('table:has(caption:text("Metric differences")) td.num').count()).toBeGreaterThan(3);
        expect
          .soft({ path, problems: await probe(page, 'misalignedNumberHeaders', 'table') })
          .toEqual({ path, problems: [] });
        await page.close();
      }
    });
  }

  it('measures text at build time no narrower than the browser draws it, for every printable ASCII character', async () => {
    const page = await open('index.html', 1280);
    const samples = [...Array(95).keys()]
      .map((i) => String.fromCharCode(32 + i).repeat(12))
      .concat([
        '3.0.0-beta.2+exp.sha.5114f85',
        's3://WAREHOUSE/QUERY_LOGS/WWW/MMM/2025-06-01/',
        'développement 模型 ✓',
      ]);
    const cases = samples.flatMap((text) =>
      (['normal', 'bold'] as FontWeight[]).flatMap((weight) => [10, 11, 12].map((size) => ({ text, weight, size }))),
    );
    const drawn = await page.evaluate(
      ([list, family]) => {
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('font-family', family);
        document.body.append(svg);
        return list.map(({ text, weight, size }) => {
          const t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
          t.setAttribute('font-size', String(size));
          t.setAttribute('font-weight', weight);
          t.textContent = text;
          svg.append(t);
          return t.getComputedTextLength();
        });
      },
      [cases, SVG_FONT_FAMILY] as const,
    );
    const measured = cases.map((c, i) => ({ ...c, drawn: drawn[i]!, measured: textWidth(c.text, c.size, c.weight) }));
    const describe = (c: (typeof measured)[number]) =>
      `${c.weight} ${c.size}px "${c.text}": ${c.measured} for ${c.drawn.toFixed(1)} drawn`;
    expect(measured.filter((c) => c.measured < c.drawn).map(describe)).toEqual([]);
    // And not so generous that boxes look empty (hinting draws some bold letters narrower: S, f).
    expect(
      measured
        .filter((c) => c.text.length === 12 && c.text.trim() !== '' && c.measured > c.drawn * 1.15 + 2)
        .map(describe),
    ).toEqual([]);
    await page.close();
  });
});
