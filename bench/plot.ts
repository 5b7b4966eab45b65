/**
 * The "how cost grows" plot: median time of each scenario on S, M and L, on
 * a log scale, drawn from a bench run's rows (bench/run.ts writes it next to
 * the JSON, so the picture always comes from the same run as the table).
 */
export interface PlotRow {
  readonly size: string;
  readonly scenario: string;
  readonly oursMs: number;
  readonly nativeMs: number;
}

const SIZES = ['S', 'M', 'L'];
const COLORS = [
  '#1f5f99',
  '#b8480d',
  '#2d7d3a',
  '#7a3d99',
  '#a3203b',
  '#5b6470',
  '#8a6d00',
  '#0f7f7f',
  '#444ea8',
  '#222222',
  '#c2185b',
  '#3b6e00',
];
const WIDTH = 900;
const HEIGHT = 440;
const LEFT = 64;
const RIGHT = 440;
const TOP = 40;
const BOTTOM = 48;

export function growthPlotSvg(measured: readonly PlotRow[], title: string): string {
  // The time-travel scenario names a different date per size.
  const rows = measured.map((r) => ({ ...r, scenario: r.scenario.replace(/--at \S+/, '--at <middle>') }));
  const scenarios = [...new Set(rows.map((r) => r.scenario))].filter((s) =>
    SIZES.every((size) => rows.some((r) => r.size === size && r.scenario === s)),
  );
  const values = rows.filter((r) => scenarios.includes(r.scenario)).map((r) => r.oursMs);
  const low = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (i: number) => LEFT + (i * plotWidth) / (SIZES.length - 1);
  const y = (ms: number) =>
    TOP + plotHeight - ((Math.log10(ms) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * plotHeight;
  const parts: string[] = [];
  for (let decade = low; decade <= high; decade *= 10) {
    parts.push(
      `<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${y(decade).toFixed(1)}" y2="${y(decade).toFixed(1)}" stroke="#d0d4da"/>`,
    );
    parts.push(
      `<text x="${LEFT - 8}" y="${(y(decade) + 4).toFixed(1)}" text-anchor="end">${decade >= 1000 ? `${decade / 1000} s` : `${decade} ms`}</text>`,
    );
  }
  SIZES.forEach((size, i) =>
    parts.push(`<text x="${x(i)}" y="${HEIGHT - BOTTOM + 20}" text-anchor="middle">${size}</text>`),
  );
  const labels: { y: number; text: string; color: string }[] = [];
  scenarios.forEach((scenario, index) => {
    const color = COLORS[index % COLORS.length]!;
    const points = SIZES.map(
      (size, i) => [x(i), y(rows.find((r) => r.size === size && r.scenario === scenario)!.oursMs)] as const,
    );
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')}"/>`,
    );
    for (const [px, py] of points)
      parts.push(`<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="3" fill="${color}"/>`);
    labels.push({ y: points[points.length - 1]![1], text: scenario, color });
  });
  // Labels at the right end, pushed apart so none overlap.
  labels.sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) labels[i]!.y = Math.max(labels[i]!.y, labels[i - 1]!.y + 14);
  for (const label of labels) {
    parts.push(
      `<text x="${LEFT + plotWidth + 10}" y="${(label.y + 4).toFixed(1)}" fill="${label.color}">${escape(label.text)}</text>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12" role="img" aria-label="${escape(title)}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="22" font-size="14" font-weight="bold">${escape(title)}</text>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
