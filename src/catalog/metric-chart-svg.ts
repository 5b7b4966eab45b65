/** A metric across a model's versions as a static SVG chart, drawn at build time (pure). */
import type { VersionEntry } from '../contract/version-schema.js';
import { escapeHtml } from './html.js';
import { SVG_FONT_FAMILY, fitText, textWidth } from './text-width.js';

const LABEL_SIZE = 11;
/** Version labels longer than this are cut (the point's tooltip has the whole version). */
const MAX_LABEL = 110;
const MIN_WIDTH = 340;
const PLOT_HEIGHT = 130;

/**
 * A metric across versions (semver order), one point per version that reports it. Version labels
 * sit side by side, or on two alternating lines when they would run into each other, and the
 * chart widens when even that leaves too little room (the page scales it down to fit).
 */
export function metricChartSvg(
  metric: string,
  goal: 'maximize' | 'minimize' | undefined,
  versions: readonly VersionEntry[],
): string {
  const points = versions
    .filter((v) => v.metrics?.[metric] !== undefined)
    .map((v) => ({
      version: v.version,
      value: v.metrics![metric]!,
      label: fitText(v.version, MAX_LABEL, LABEL_SIZE, 'normal', 'end'),
    }));
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const widest = Math.max(...points.map((p) => textWidth(p.label, LABEL_SIZE)));
  const valueWidth = Math.max(textWidth(fmt(max), LABEL_SIZE), textWidth(fmt(min), LABEL_SIZE));
  const left = Math.max(48, valueWidth + 12, Math.ceil(widest / 2) + 4);
  const right = Math.max(22, Math.ceil(widest / 2) + 4);
  const needed = widest + 10;
  const gaps = Math.max(1, points.length - 1);
  const roomAt = (width: number) => (width - left - right) / gaps;
  const staggered = points.length > 1 && roomAt(MIN_WIDTH) < needed;
  const width = Math.max(MIN_WIDTH, Math.ceil(left + right + gaps * (staggered ? needed / 2 : 0)));
  const top = 14;
  const bottom = staggered ? 52 : 38;
  const height = top + PLOT_HEIGHT + bottom;
  const baseline = top + PLOT_HEIGHT;
  const span = max - min || Math.abs(max) || 1;
  const x = (i: number) =>
    left + (points.length === 1 ? (width - left - right) / 2 : (i / gaps) * (width - left - right));
  const y = (v: number) => top + (1 - (v - min) / span) * PLOT_HEIGHT;
  const label = `${metric}${goal ? ` (${goal === 'maximize' ? 'higher is better' : 'lower is better'})` : ''}`;
  const parts = [
    `<figure class="chart"><svg role="img" data-metric="${escapeHtml(metric)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${SVG_FONT_FAMILY}"><title>${escapeHtml(`${label} across versions`)}</title>`,
    `<line x1="${left}" y1="${baseline}" x2="${width - right}" y2="${baseline}" class="axis"/>`,
    `<text x="${left - 6}" y="${y(max) + 4}" font-size="${LABEL_SIZE}" text-anchor="end" class="axis-label">${fmt(max)}</text>`,
    min === max
      ? ''
      : `<text x="${left - 6}" y="${y(min) + 4}" font-size="${LABEL_SIZE}" text-anchor="end" class="axis-label">${fmt(min)}</text>`,
    `<polyline class="trend" fill="none" points="${points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}"/>`,
    ...points.map(
      (p, i) =>
        `<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="4"><title>${escapeHtml(`${p.version}: ${p.value}`)}</title></circle>` +
        `<text x="${x(i).toFixed(1)}" y="${baseline + 18 + (staggered && i % 2 === 1 ? 15 : 0)}" font-size="${LABEL_SIZE}" text-anchor="middle" class="axis-label">${escapeHtml(p.label)}</text>`,
    ),
    `</svg><figcaption>${escapeHtml(label)}</figcaption></figure>`,
  ];
  return parts.join('');
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(4).replace(/0+$/, '');
}
