/**
 * Time-axis ticks at the resolution of the data: minutes or hours for a history within a day,
 * days, months or years for longer ones, on round UTC boundaries (pure).
 */

export interface Tick {
  readonly at: number;
  readonly label: string;
}

type Unit = 'minute' | 'hour' | 'day' | 'month' | 'year';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Candidate steps, finest first; the first that leaves room between labels wins. */
const STEPS: readonly { unit: Unit; count: number; approx: number }[] = [
  ...[1, 5, 10, 15, 30].map((count) => ({ unit: 'minute' as const, count, approx: count * MINUTE })),
  ...[1, 2, 3, 6, 12].map((count) => ({ unit: 'hour' as const, count, approx: count * HOUR })),
  ...[1, 2, 7, 14].map((count) => ({ unit: 'day' as const, count, approx: count * DAY })),
  ...[1, 2, 3, 6].map((count) => ({ unit: 'month' as const, count, approx: count * 30 * DAY })),
  ...[1, 2, 5, 10, 25, 50, 100].map((count) => ({ unit: 'year' as const, count, approx: count * 365 * DAY })),
];

/**
 * Ticks between `start` and `end` (ms), at most `maxTicks` of them, labelled at the step's
 * resolution. Clock times up to a few days; past one day they carry the date, so that no two
 * ticks read the same.
 */
export function timeTicks(start: number, end: number, maxTicks: number): Tick[] {
  const steps = end - start < 4 * DAY ? STEPS : STEPS.filter((s) => s.unit !== 'minute' && s.unit !== 'hour');
  const step = steps.find((s) => (end - start) / s.approx <= Math.max(1, maxTicks)) ?? steps[steps.length - 1]!;
  const withDate = end - start >= DAY;
  const ticks: Tick[] = [];
  for (let at = firstBoundary(start, step.unit, step.count); at <= end; at = advance(at, step.unit, step.count))
    ticks.push({ at, label: tickLabel(at, step.unit, withDate) });
  return ticks;
}

/** "2025-06-01 08:45" for sub-day resolution, else the date: how a segment's start and end read in its tooltip. */
export function formatInstant(ms: number, withTime: boolean): string {
  const iso = new Date(ms).toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

function tickLabel(at: number, unit: Unit, withDate: boolean): string {
  const iso = new Date(at).toISOString();
  if (unit === 'minute' || unit === 'hour')
    return iso.slice(11, 16) === '00:00'
      ? iso.slice(0, 10)
      : withDate
        ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}`
        : iso.slice(11, 16);
  if (unit === 'day') return iso.slice(0, 10);
  if (unit === 'month') return iso.slice(0, 7);
  return iso.slice(0, 4);
}

function firstBoundary(start: number, unit: Unit, count: number): number {
  const d = new Date(start);
  if (unit === 'minute' || unit === 'hour' || unit === 'day') {
    const size = unit === 'minute' ? MINUTE : unit === 'hour' ? HOUR : DAY;
    // Days count from midnight (a 7-day step from the first midnight), shorter steps from the epoch.
    const origin = unit === 'day' ? Math.ceil(start / DAY) * DAY : 0;
    const stepMs = count * size;
    return unit === 'day' ? origin : Math.ceil((start - origin) / stepMs) * stepMs + origin;
  }
  const months =
    d.getUTCFullYear() * 12 + d.getUTCMonth() + (start > Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) ? 1 : 0);
  const stepMonths = unit === 'month' ? count : count * 12;
  const first = Math.ceil(months / stepMonths) * stepMonths;
  return Date.UTC(Math.floor(first / 12), first % 12, 1);
}

function advance(at: number, unit: Unit, count: number): number {
  if (unit === 'minute') return at + count * MINUTE;
  if (unit === 'hour') return at + count * HOUR;
  if (unit === 'day') return at + count * DAY;
  const d = new Date(at);
  const months = unit === 'month' ? count : count * 12;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}
