/** The model page's timeline: which version held each stage when, with a legend (pure). */
import type { HolderSpan } from './catalog-data.js';
import { escapeHtml } from './html.js';
import { SVG_FONT_FAMILY, fitText, textWidth } from './text-width.js';
import { formatInstant, timeTicks } from './time-axis.js';

/**
 * Version colours: dark enough for white labels (WCAG AA), told apart by hue, and never red,
 * which the catalog keeps for trouble (deprecations, worse metrics).
 */
export const VERSION_PALETTE = [
  '#1f5fa8',
  '#2e7d32',
  '#6a1b9a',
  '#00695c',
  '#8d6e00',
  '#283593',
  '#37474f',
  '#006972',
  '#33691e',
  '#4527a0',
];

const WIDTH = 720;
const LABEL_SIZE = 11;
const LANE = 24;
const BAR = 18;
const ROW_GAP = 8;
const RIGHT = 24;
const MAX_STAGE_LABEL = 150;
/** Open spans run past the as-of instant into this strip: "still holds", without drawing up to a clock. */
const OPEN_TAIL = 28;

interface PlacedSpan extends HolderSpan {
  readonly lane: number;
  readonly start: number;
  readonly end: number;
}

/**
 * One row per stage (a lane per version holding it at once), a bar per version while it held the stage.
 * `asOf` is the instant the drawing is true at (the model page passes its model's last change, so the
 * page depends on git content only and an unchanged model's page is kept between builds); spans still
 * open run on into a strip right of it.
 */
export function timelineFigure(stages: readonly string[], spans: readonly HolderSpan[], asOf: string): string {
  if (spans.length === 0) return '<p>No stage history yet.</p>';
  const nowMs = Date.parse(asOf);
  const now = asOf;
  const start = Math.min(...spans.map((s) => Date.parse(s.from)));
  const end = Math.max(start + 60_000, nowMs, ...spans.map((s) => Date.parse(s.until ?? now)));
  const withClock = end - start < 4 * 24 * 3600_000;
  // A long stage name is shortened (its full name is in the row's tooltip) rather than squeezing the bars.
  const stageLabels = new Map(stages.map((s) => [s, fitText(s, MAX_STAGE_LABEL, LABEL_SIZE)]));
  const left = Math.max(...[...stageLabels.values()].map((label) => textWidth(label, LABEL_SIZE))) + 16;
  const plotRight = WIDTH - RIGHT;
  const timeRight = spans.some((s) => s.until === null) ? plotRight - OPEN_TAIL : plotRight;
  const x = (ms: number) => left + ((ms - start) / (end - start)) * (timeRight - left);
  const versions = [
    ...new Set([...spans].sort((a, b) => Date.parse(a.from) - Date.parse(b.from)).map((s) => s.version)),
  ];
  const colourClass = (version: string) => `version-colour-${versions.indexOf(version) % VERSION_PALETTE.length}`;

  const rows = stages.map((stage) => ({
    stage,
    spans: inLanes(
      spans.filter((s) => s.stage === stage),
      nowMs,
    ),
  }));
  const rowTops: number[] = [];
  let y = 6;
  for (const row of rows) {
    rowTops.push(y);
    y += Math.max(1, ...row.spans.map((s) => s.lane + 1)) * LANE + ROW_GAP;
  }
  const axisY = y;
  const height = axisY + 30;
  const ticks = spacedTicks(timeTicks(start, end, Math.floor((timeRight - left) / 64)), x);

  const parts = [
    `<svg class="timeline" role="img" aria-labelledby="timeline-title" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="${SVG_FONT_FAMILY}"><title id="timeline-title">Which version held each stage over time</title>`,
    ...ticks.map((t) => `<line class="grid" x1="${t.x.toFixed(1)}" y1="2" x2="${t.x.toFixed(1)}" y2="${axisY}"/>`),
    `<line class="axis" x1="${left}" y1="${axisY}" x2="${plotRight}" y2="${axisY}"/>`,
  ];
  rows.forEach((row, i) => {
    const top = rowTops[i]!;
    parts.push(
      `<text x="4" y="${top + 13}" font-size="${LABEL_SIZE}" class="axis-label">${escapeHtml(stageLabels.get(row.stage)!)}<title>${escapeHtml(row.stage)}</title></text>`,
    );
    for (const span of row.spans) {
      const x1 = x(span.start);
      const x2 = Math.max(x1 + 3, span.until ? x(span.end) : plotRight);
      const barTop = top + span.lane * LANE;
      const share = span.weight !== undefined ? ` at ${span.weight}%` : '';
      const tooltip = `${span.version} in ${row.stage}${share}: ${formatInstant(span.start, withClock)} – ${span.until ? formatInstant(span.end, withClock) : `still holding as of ${formatInstant(span.end, withClock)}`}`;
      parts.push(
        `<rect class="span ${colourClass(span.version)}" data-version="${escapeHtml(span.version)}" data-stage="${escapeHtml(row.stage)}"${span.weight !== undefined ? ` data-weight="${span.weight}"` : ''} x="${x1.toFixed(1)}" y="${barTop}" width="${(x2 - x1).toFixed(1)}" height="${BAR}"><title>${escapeHtml(tooltip)}</title></rect>`,
      );
      const label = span.weight !== undefined ? `${span.version} ${span.weight}%` : span.version;
      const labelWidth = textWidth(label, LABEL_SIZE);
      const next = row.spans.find((s) => s.lane === span.lane && s.start >= span.end);
      const roomAfter = (next ? x(next.start) : WIDTH) - x2;
      if (x2 - x1 >= labelWidth + 8)
        parts.push(
          `<text x="${(x1 + 4).toFixed(1)}" y="${barTop + 13}" font-size="${LABEL_SIZE}" class="span-label">${escapeHtml(label)}</text>`,
        );
      else if (roomAfter >= labelWidth + 8)
        parts.push(
          `<text x="${(x2 + 3).toFixed(1)}" y="${barTop + 13}" font-size="${LABEL_SIZE}" class="span-label outside">${escapeHtml(label)}</text>`,
        );
    }
  });
  for (const t of ticks) {
    parts.push(`<line class="axis" x1="${t.x.toFixed(1)}" y1="${axisY}" x2="${t.x.toFixed(1)}" y2="${axisY + 4}"/>`);
    parts.push(
      `<text x="${t.labelX.toFixed(1)}" y="${axisY + 17}" font-size="${LABEL_SIZE}" text-anchor="middle" class="axis-label tick-label">${escapeHtml(t.label)}</text>`,
    );
  }
  parts.push('</svg>');

  const firstDay = formatInstant(start, false);
  const lastDay = formatInstant(end, false);
  const when = withClock ? (firstDay === lastDay ? `, on ${firstDay}` : `, from ${firstDay} to ${lastDay}`) : '';
  const legend = versions
    .map(
      (v) => `<li data-version="${escapeHtml(v)}"><span class="swatch ${colourClass(v)}"></span>${escapeHtml(v)}</li>`,
    )
    .join('');
  return `<figure class="timeline-figure"><div class="scroll-x" tabindex="0" role="region" aria-label="Timeline">${parts.join('')}</div>
<figcaption>Times in UTC${escapeHtml(when)}. A bar's tooltip gives its version and times.<ul class="timeline-legend" aria-label="Versions by colour">${legend}</ul></figcaption></figure>`;
}

/** Spans of one stage in lanes: a version that starts while another still holds the stage gets the next free lane. */
function inLanes(spans: readonly HolderSpan[], nowMs: number): PlacedSpan[] {
  const laneEnds: number[] = [];
  return [...spans]
    .sort((a, b) => Date.parse(a.from) - Date.parse(b.from))
    .map((span) => {
      const start = Date.parse(span.from);
      const end = span.until ? Date.parse(span.until) : nowMs;
      let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
      if (lane < 0) lane = laneEnds.push(end) - 1;
      else laneEnds[lane] = end;
      return { ...span, lane, start, end };
    });
}

/** Tick positions, each label kept inside the chart and dropped when it would run into the previous one. */
function spacedTicks(
  ticks: readonly { at: number; label: string }[],
  x: (ms: number) => number,
): { x: number; labelX: number; label: string }[] {
  const kept: { x: number; labelX: number; label: string; right: number }[] = [];
  for (const t of ticks) {
    const half = textWidth(t.label, LABEL_SIZE) / 2;
    const labelX = Math.min(WIDTH - half - 2, Math.max(half + 2, x(t.at)));
    const previous = kept[kept.length - 1];
    if (previous && labelX - half < previous.right + 8) continue;
    kept.push({ x: x(t.at), labelX, label: t.label, right: labelX + half });
  }
  return kept;
}
