/** The catalog's drawing helpers, pure: time-axis ticks, text measurement, the timeline's lanes and palette, the lineage graph. */
import { describe, expect, it } from 'vitest';
import { fitText, textWidth } from '../src/catalog/text-width.js';
import { timeTicks } from '../src/catalog/time-axis.js';
import { lineageSvg } from '../src/catalog/lineage-svg.js';
import { timelineFigure, VERSION_PALETTE } from '../src/catalog/timeline-svg.js';

const at = (iso: string) => Date.parse(iso);

describe('time-axis ticks', () => {
  it('labels a history within one day by the hour, each label different', () => {
    const ticks = timeTicks(at('2025-06-01T08:00:00Z'), at('2025-06-01T18:00:00Z'), 9);
    expect(ticks.map((t) => t.label)).toEqual(['08:00', '10:00', '12:00', '14:00', '16:00', '18:00']);
  });

  it('labels a tick at midnight with its date when the hours cross into the next day', () => {
    const labels = timeTicks(at('2025-05-31T20:00:00Z'), at('2025-06-01T04:00:00Z'), 5).map((t) => t.label);
    expect(labels).toEqual(['20:00', '22:00', '2025-06-01', '02:00', '04:00']);
  });

  it('goes to minutes, days, months and years as the history gets shorter or longer', () => {
    expect(timeTicks(at('2025-06-01T08:00:00Z'), at('2025-06-01T08:20:00Z'), 5).map((t) => t.label)).toEqual([
      '08:00',
      '08:05',
      '08:10',
      '08:15',
      '08:20',
    ]);
    expect(timeTicks(at('2025-06-01T12:00:00Z'), at('2025-06-06T12:00:00Z'), 8).map((t) => t.label)).toEqual([
      '2025-06-02',
      '2025-06-03',
      '2025-06-04',
      '2025-06-05',
      '2025-06-06',
    ]);
    // A day and more by the hour: the clock times carry the date, or 08:00 would appear twice.
    expect(timeTicks(at('2025-06-01T08:00:00Z'), at('2025-06-02T08:00:00Z'), 4).map((t) => t.label)).toEqual([
      '06-01 12:00',
      '06-01 18:00',
      '2025-06-02',
      '06-02 06:00',
    ]);
    expect(timeTicks(at('2025-01-10T09:00:00Z'), at('2025-06-01T00:00:00Z'), 9).map((t) => t.label)).toEqual([
      '2025-02',
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
    ]);
    expect(timeTicks(at('2019-03-01T00:00:00Z'), at('2025-06-01T00:00:00Z'), 4).map((t) => t.label)).toEqual([
      '2020',
      '2022',
      '2024',
    ]);
  });
});

describe('text measurement', () => {
  it('counts wide letters wider than narrow ones, bold wider than book, and anything outside ASCII a full em', () => {
    expect(textWidth('WWWW', 10)).toBeGreaterThan(textWidth('iiii', 10) * 2);
    expect(textWidth('1.2.0', 12, 'bold')).toBeGreaterThan(textWidth('1.2.0', 12));
    expect(textWidth('模型', 10)).toBeGreaterThanOrEqual(20);
  });

  it('shortens in the middle (or at the end) to fit, keeping what tells the texts apart', () => {
    const uri = 's3://WAREHOUSE/QUERY_LOGS/WWW/MMM/2025-06-01/';
    const short = fitText(uri, 200, 11);
    expect(textWidth(short, 11)).toBeLessThanOrEqual(200);
    expect(short).toMatch(/^s3:\/\/.*….*2025-06-01\/$/);
    expect(fitText('3.0.0-beta.2+exp.sha.5114f85', 90, 11, 'normal', 'end')).toMatch(/^3\.0\.0-.*…$/);
    expect(fitText('1.2.0', 90, 11)).toBe('1.2.0');
  });
});

describe('the timeline', () => {
  const spans = [
    { stage: 'development', version: '2.2.0', from: '2025-06-01T10:05:00Z', until: null },
    { stage: 'development', version: '3.0.0', from: '2025-06-01T13:05:00Z', until: null },
    { stage: 'production', version: '2.0.0', from: '2025-06-01T08:45:00Z', until: '2025-06-01T13:00:00Z' },
  ];

  it('gives versions holding one stage at once a lane each, instead of drawing one over the other', () => {
    const svg = timelineFigure(['development', 'production'], spans, '2025-06-01T18:00:00Z');
    const ys = (version: string) =>
      [...svg.matchAll(new RegExp(`data-version="${version}" data-stage="[a-z]+" x="[\\d.]+" y="(\\d+)"`, 'g'))].map(
        (m) => Number(m[1]),
      );
    expect(ys('2.2.0')).toHaveLength(1);
    expect(ys('3.0.0')[0]).toBeGreaterThan(ys('2.2.0')[0]!);
  });

  it('names each version in the legend with the colour class its bars use, and the day the hours are on', () => {
    const figure = timelineFigure(['development', 'production'], spans, '2025-06-01T18:00:00Z');
    for (const [i, version] of ['2.0.0', '2.2.0', '3.0.0'].entries()) {
      expect(figure).toContain(`<rect class="span version-colour-${i}" data-version="${version}"`);
      expect(figure).toContain(
        `<li data-version="${version}"><span class="swatch version-colour-${i}"></span>${version}</li>`,
      );
    }
    expect(figure).toContain('Times in UTC, on 2025-06-01.');
  });

  it('shortens a long stage name instead of squeezing the bars, keeping the full name as its tooltip', () => {
    const stage = 'pre-production-canary-in-the-eu-west-datacenter';
    const svg = timelineFigure(
      [stage],
      [{ stage, version: '1.0.0', from: '2025-06-01T10:00:00Z', until: null }],
      '2025-06-02T10:00:00Z',
    );
    const label = svg.match(/class="axis-label">([^<]*)<title>([^<]*)<\/title>/)!;
    expect(label[1]).toMatch(/^pre-pro.*….*datacenter$/);
    expect(textWidth(label[1]!, 11)).toBeLessThanOrEqual(150);
    expect(label[2]).toBe(stage);
    expect(
      Number(svg.match(/<rect class="span[^"]*" data-version="1.0.0" data-stage="[^"]+" x="([\d.]+)"/)![1]),
    ).toBeLessThanOrEqual(170);
  });

  it('has no red in its palette', () => {
    for (const colour of VERSION_PALETTE) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
      expect({ colour, reddest: r! > g! + 40 && r! > b! + 40 }).toEqual({ colour, reddest: false });
    }
  });
});

describe('the lineage graph', () => {
  const version = (v: string, lineage?: object) =>
    ({
      version: v,
      stage: 'development',
      created: '2026-01-01T00:00:00Z',
      created_by: 'a@example.com',
      artifacts: {},
      ...(lineage ? { lineage } : {}),
    }) as unknown as Parameters<typeof lineageSvg>[0][number];

  it('draws one box per version, data set and code commit, and an edge from each source it names', () => {
    const svg = lineageSvg([
      version('1.0.0', {
        data: [{ uri: 's3://d/a/' }],
        code: { repo: 'https://github.com/acme/m', commit: 'a'.repeat(40) },
      }),
      version('1.1.0', { parent: '1.0.0', data: [{ uri: 's3://d/a/' }, { uri: 's3://d/a/' }] }),
    ]);
    expect(svg.match(/class="node version"/g)).toHaveLength(2);
    expect(svg.match(/class="node data"/g)).toHaveLength(1);
    expect(svg.match(/class="node code"/g)).toHaveLength(1);
    // The data set listed twice by 1.1.0 is one edge.
    expect(svg.match(/data-kind="data"/g)).toHaveLength(2);
    expect(svg).toContain('data-kind="parent" data-from="version:1.0.0" data-to="version:1.1.0"');
  });

  it('lays out what it cannot order too: a parent outside the model, a cycle of parents, a version without lineage', () => {
    for (const versions of [
      [version('1.0.0', { parent: '0.9.0' })],
      [version('1.0.0', { parent: '1.1.0' }), version('1.1.0', { parent: '1.0.0' })],
      [version('2.0.0')],
    ]) {
      const svg = lineageSvg(versions);
      expect(svg).toMatch(/^<div class="scroll-x lineage-figure"><svg class="lineage"/);
      expect(svg).not.toContain('NaN');
    }
  });
});
