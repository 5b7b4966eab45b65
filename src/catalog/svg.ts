/** Charts and graphs as static SVG strings, drawn at build time (pure). */
import type { VersionEntry } from '../contract/version-schema.js';
import type { HolderSpan } from './catalog-data.js';
import { escapeHtml } from './html.js';

const PALETTE = ['#1f5fa8', '#2e7d32', '#b3261e', '#6a1b9a', '#8d6e00', '#00695c', '#4e342e', '#37474f'];

/** One row per stage; a bar per version while it held the stage. */
export function timelineSvg(stages: readonly string[], spans: readonly HolderSpan[], now: string): string {
  const width = 720;
  const rowHeight = 28;
  const left = 110;
  const height = stages.length * rowHeight + 30;
  if (spans.length === 0) return '<p>No stage history yet.</p>';
  const start = Date.parse(spans[0]!.from);
  const end = Math.max(Date.parse(now), ...spans.map((s) => Date.parse(s.until ?? now)));
  const x = (iso: string) => left + ((Date.parse(iso) - start) / Math.max(1, end - start)) * (width - left - 10);
  const versions = [...new Set(spans.map((s) => s.version))];
  const parts = [`<svg class="timeline" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-labelledby="timeline-title"><title id="timeline-title">Which version held each stage over time</title>`];
  stages.forEach((stage, row) => {
    const y = row * rowHeight + 4;
    parts.push(`<text x="4" y="${y + 17}" class="axis-label">${escapeHtml(stage)}</text>`);
    for (const span of spans.filter((s) => s.stage === stage)) {
      const x1 = x(span.from);
      const x2 = Math.max(x1 + 3, x(span.until ?? now));
      const color = PALETTE[versions.indexOf(span.version) % PALETTE.length];
      parts.push(
        `<rect class="span" data-version="${escapeHtml(span.version)}" data-stage="${escapeHtml(stage)}" x="${x1.toFixed(1)}" y="${y}" width="${(x2 - x1).toFixed(1)}" height="${rowHeight - 8}" fill="${color}"><title>${escapeHtml(`${span.version} in ${stage}: ${span.from.slice(0, 10)} – ${span.until ? span.until.slice(0, 10) : 'now'}`)}</title></rect>`,
      );
      if (x2 - x1 > 40) parts.push(`<text x="${(x1 + 4).toFixed(1)}" y="${y + 15}" class="span-label">${escapeHtml(span.version)}</text>`);
    }
  });
  parts.push(`<text x="${left}" y="${height - 6}" class="axis-label">${spans[0]!.from.slice(0, 10)}</text>`);
  parts.push(`<text x="${width - 10}" y="${height - 6}" class="axis-label" text-anchor="end">${new Date(end).toISOString().slice(0, 10)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** A metric across versions (semver order), one point per version that reports it. */
export function metricChartSvg(metric: string, goal: 'maximize' | 'minimize' | undefined, versions: readonly VersionEntry[]): string {
  const points = versions.filter((v) => v.metrics?.[metric] !== undefined).map((v) => ({ version: v.version, value: v.metrics![metric]! }));
  const width = 340;
  const height = 180;
  const pad = { left: 48, right: 22, top: 14, bottom: 36 };
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.abs(max) || 1;
  const x = (i: number) => pad.left + (points.length === 1 ? (width - pad.left - pad.right) / 2 : (i / (points.length - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - (v - min) / span) * (height - pad.top - pad.bottom);
  const label = `${metric}${goal ? ` (${goal === 'maximize' ? 'higher is better' : 'lower is better'})` : ''}`;
  const parts = [
    `<figure class="chart"><svg role="img" data-metric="${escapeHtml(metric)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${escapeHtml(`${label} across versions`)}</title>`,
    `<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" class="axis"/>`,
    `<text x="${pad.left - 6}" y="${y(max) + 4}" text-anchor="end" class="axis-label">${fmt(max)}</text>`,
    `<text x="${pad.left - 6}" y="${y(min) + 4}" text-anchor="end" class="axis-label">${fmt(min)}</text>`,
    `<polyline class="trend" fill="none" points="${points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}"/>`,
    ...points.map(
      (p, i) =>
        `<circle class="point" cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="4"><title>${escapeHtml(`${p.version}: ${p.value}`)}</title></circle>` +
        `<text x="${x(i).toFixed(1)}" y="${height - pad.bottom + 16}" text-anchor="middle" class="axis-label">${escapeHtml(p.version)}</text>`,
    ),
    `</svg><figcaption>${escapeHtml(label)}</figcaption></figure>`,
  ];
  return parts.join('');
}

/**
 * Versions laid out by lineage depth, with an edge from each parent, and the
 * data sets and code commits they came from in a column on the left.
 */
export function lineageSvg(versions: readonly VersionEntry[]): string {
  const depth = new Map<string, number>();
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  const depthOf = (v: string, seen = new Set<string>()): number => {
    if (depth.has(v)) return depth.get(v)!;
    const parent = byVersion.get(v)?.lineage?.parent;
    const d = parent && byVersion.has(parent) && !seen.has(parent) ? depthOf(parent, new Set([...seen, v])) + 1 : 0;
    depth.set(v, d);
    return d;
  };
  versions.forEach((v) => depthOf(v.version));
  const sources = [
    ...new Set(versions.flatMap((v) => [...(v.lineage?.data ?? []).map((d) => `data:${d.uri}`), ...(v.lineage?.code ? [`code:${v.lineage.code.repo}@${v.lineage.code.commit.slice(0, 10)}`] : [])])),
  ];
  const sourceWidth = sources.length > 0 ? 230 : 0;
  const rows = new Map<number, string[]>();
  for (const v of versions) rows.set(depth.get(v.version)!, [...(rows.get(depth.get(v.version)!) ?? []), v.version]);
  const position = new Map<string, { x: number; y: number }>();
  for (const [d, list] of rows) list.forEach((v, i) => position.set(v, { x: 10 + sourceWidth + d * 130, y: 10 + i * 46 }));
  const sourceY = (i: number) => 10 + i * 40;
  const width = Math.max(...[...position.values()].map((p) => p.x)) + 130;
  const height = Math.max(...[...position.values()].map((p) => p.y + 46), ...sources.map((_, i) => sourceY(i) + 40));
  // A group, not an image: its version boxes are links.
  const parts = [`<svg class="lineage" role="group" aria-label="Lineage: each version, the version it was derived from, and its data and code" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`];
  sources.forEach((source, i) => {
    const kind = source.startsWith('data:') ? 'data' : 'code';
    const label = source.slice(5);
    const users = versions.filter((v) => (kind === 'data' ? v.lineage?.data?.some((d) => `data:${d.uri}` === source) : `code:${v.lineage?.code?.repo}@${v.lineage?.code?.commit.slice(0, 10)}` === source));
    for (const user of users) {
      const b = position.get(user.version)!;
      parts.push(`<line class="edge source-edge" stroke-dasharray="4 3" x1="220" y1="${sourceY(i) + 15}" x2="${b.x}" y2="${b.y + 16}"/>`);
    }
    parts.push(`<g class="source ${kind}"><rect x="10" y="${sourceY(i)}" width="210" height="30" rx="${kind === 'data' ? 12 : 2}"/><text x="18" y="${sourceY(i) + 19}" class="source-label">${escapeHtml(`${kind === 'data' ? 'data' : 'code'}: ${label.length > 30 ? `…${label.slice(-29)}` : label}`)}<title>${escapeHtml(label)}</title></text></g>`);
  });
  for (const v of versions) {
    const parent = v.lineage?.parent;
    if (!parent || !position.has(parent)) continue;
    const a = position.get(parent)!;
    const b = position.get(v.version)!;
    parts.push(`<line class="edge" x1="${a.x + 110}" y1="${a.y + 16}" x2="${b.x}" y2="${b.y + 16}"/>`);
  }
  for (const v of versions) {
    const p = position.get(v.version)!;
    parts.push(`<a href="${escapeHtml(v.version)}.html" aria-label="${escapeHtml(`${v.version}, ${v.stage}`)}"><rect class="node" x="${p.x}" y="${p.y}" width="110" height="32" rx="5"/><text x="${p.x + 8}" y="${p.y + 14}" class="node-label">${escapeHtml(v.version)}</text><text x="${p.x + 8}" y="${p.y + 27}" class="node-stage">${escapeHtml(v.stage)}</text></a>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(4).replace(/0+$/, '');
}
