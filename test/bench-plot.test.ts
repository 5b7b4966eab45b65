import { describe, expect, it } from 'vitest';
import { growthPlotSvg } from '../bench/plot.js';

describe('the bench growth plot', () => {
  const rows = ['S', 'M', 'L'].flatMap((size, i) => [
    { size, scenario: 'resolve m0000@production', oursMs: 120 + i * 10, nativeMs: 5 },
    { size, scenario: `show @production --at 2024-0${i + 1}-04`, oursMs: 130 + i * 20, nativeMs: 5 },
    { size, scenario: 'validate --all (cold)', oursMs: 300 * 10 ** i, nativeMs: 10 },
    ...(size === 'L' ? [] : [{ size, scenario: 'catalog build (static site)', oursMs: 500, nativeMs: 20 }]),
  ]);
  const svg = growthPlotSvg(rows, 'a <title>');

  it('draws one line per scenario measured on every size, time travel included', () => {
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(svg).toContain('show @production --at &lt;middle&gt;');
    expect(svg).not.toContain('catalog build');
  });

  it('puts time on a log scale spanning whole decades, and escapes text', () => {
    expect(svg).toContain('>100 ms</text>');
    expect(svg).toContain('>10 s</text>');
    expect(svg).toContain('a &lt;title&gt;');
    // 120 ms sits low, 30 s high: y grows downwards.
    const ys = [...svg.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...ys)).toBeGreaterThan(Math.min(...ys) + 200);
  });
});
