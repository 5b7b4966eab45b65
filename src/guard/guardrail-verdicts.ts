/**
 * Observed metrics + guardrails → one verdict per bound (pure). Every input
 * that cannot be judged (no observation, a window the data does not cover, a
 * max_drop without a registered value) is refused, never taken as a pass: a
 * guard that cannot see must not say all is well.
 */
import type { Guardrail } from '../contract/guardrail-policy.js';
import type { GuardrailEvidence } from '../domain/commit-trailers.js';
import { UserError } from '../domain/errors.js';

/** A metric as a source saw it. */
export type Observation =
  /** Already aggregated by whoever sent it (a JSON document): the value and the seconds it covers. */
  | { readonly kind: 'value'; readonly value: number; readonly windowSeconds: number; readonly time: Date }
  /**
   * Points of a range query over [time - window, time], `stepSeconds` apart
   * where the series had a value; Prometheus leaves out stale instants.
   */
  | {
      readonly kind: 'samples';
      readonly points: readonly (readonly [seconds: number, value: number])[];
      readonly stepSeconds: number;
      readonly time: Date;
    };

export interface ObservedMetric {
  readonly observation: Observation;
  /** `prometheus:<url>` or `json:<file>`. */
  readonly source: string;
  /** The query as sent, for a Prometheus source. */
  readonly query?: string;
}

export interface GuardrailVerdict {
  readonly guardrail: Guardrail;
  readonly bound: 'max' | 'min' | 'max_drop';
  /** The bound's value as written. */
  readonly limit: number;
  /** The value the observation is compared with (for max_drop: registered ∓ max_drop). */
  readonly threshold: number;
  readonly registered: number | undefined;
  /** For max_drop: which way is worse. */
  readonly goal: 'maximize' | 'minimize';
  readonly observed: number;
  readonly breached: boolean;
  readonly evidence: GuardrailEvidence;
}

export interface GuardrailSubject {
  readonly model: string;
  readonly version: string;
  /** The serving version's registered metrics (for max_drop). */
  readonly registered: Readonly<Record<string, number>>;
  /** metric → goal from model.yaml; maximize when not given. */
  readonly goals: ReadonlyMap<string, 'maximize' | 'minimize'>;
  /** When the guard runs: an aggregate that ended more than its window before this is stale. */
  readonly now: Date;
}

const EPSILON = 1e-9;

export function guardrailVerdicts(
  guardrails: readonly Guardrail[],
  subject: GuardrailSubject,
  observed: ReadonlyMap<string, ObservedMetric>,
): GuardrailVerdict[] {
  const verdicts: GuardrailVerdict[] = [];
  for (const guardrail of guardrails) {
    const metric = observed.get(guardrail.metric);
    if (!metric) {
      throw new UserError(
        'GUARD_NO_DATA',
        `no observation of ${guardrail.metric} for ${subject.model}@${subject.version} (guardrail of ${guardrail.stage})`,
        'Every guardrail of the stage must be observed: add the metric to the JSON document, or check its query.',
      );
    }
    const value = observedValue(guardrail, metric, subject);
    const evidence = (bound: GuardrailVerdict['bound'], limit: number, registered?: number): GuardrailEvidence => ({
      stage: guardrail.stage,
      metric: guardrail.metric,
      observed: value,
      bound,
      limit,
      ...(registered !== undefined ? { registered } : {}),
      window: guardrail.window,
      time: metric.observation.time.toISOString().replace('.000Z', 'Z'),
      source: metric.source,
      ...(metric.query !== undefined ? { query: metric.query } : {}),
    });
    const goal = subject.goals.get(guardrail.metric) ?? 'maximize';
    const verdict = (
      bound: GuardrailVerdict['bound'],
      limit: number,
      threshold: number,
      breached: boolean,
      registered?: number,
    ) =>
      verdicts.push({
        guardrail,
        goal,
        bound,
        limit,
        threshold,
        registered,
        observed: value,
        breached,
        evidence: evidence(bound, limit, registered),
      });
    if (guardrail.max !== undefined) verdict('max', guardrail.max, guardrail.max, value > guardrail.max + EPSILON);
    if (guardrail.min !== undefined) verdict('min', guardrail.min, guardrail.min, value < guardrail.min - EPSILON);
    if (guardrail.maxDrop !== undefined) {
      const registered = subject.registered[guardrail.metric];
      if (registered === undefined || !Object.hasOwn(subject.registered, guardrail.metric)) {
        throw new UserError(
          'GUARD_NO_REGISTERED_METRIC',
          `the guardrail of ${guardrail.metric} in ${guardrail.stage} has max_drop, but ${subject.model}@${subject.version} was registered without ${guardrail.metric}`,
          `max_drop is measured from the version's registered value: use max or min for this metric, or register versions with metrics.${guardrail.metric}.`,
        );
      }
      const threshold = goal === 'maximize' ? registered - guardrail.maxDrop : registered + guardrail.maxDrop;
      const breached = goal === 'maximize' ? value < threshold - EPSILON : value > threshold + EPSILON;
      verdict('max_drop', guardrail.maxDrop, threshold, breached, registered);
    }
  }
  return verdicts;
}

/** The value over the guardrail's window: a document's own aggregate, or the mean of the samples. */
function observedValue(guardrail: Guardrail, metric: ObservedMetric, subject: GuardrailSubject): number {
  const { observation } = metric;
  const what = `${guardrail.metric} of ${subject.model}@${subject.version}`;
  if (observation.kind === 'value') {
    if (observation.windowSeconds < guardrail.windowSeconds) {
      throw notCovered(
        guardrail,
        `the observation of ${what} covers ${formatSeconds(observation.windowSeconds)}, less than the guardrail's window of ${guardrail.window}`,
      );
    }
    const age = (subject.now.getTime() - observation.time.getTime()) / 1000;
    if (age > guardrail.windowSeconds) {
      throw notCovered(
        guardrail,
        `the observation of ${what} ended at ${observation.time.toISOString()}, ${formatSeconds(age)} ago: longer ago than the guardrail's window of ${guardrail.window}, so it says nothing about now`,
      );
    }
    if (age < -60) {
      throw new UserError(
        'GUARD_INPUT_INVALID',
        `the observation of ${what} is dated ${observation.time.toISOString()}, in the future`,
        'Give the time the observation window ends (ISO 8601, UTC), or leave "time" out for now.',
      );
    }
    return observation.value;
  }
  const { points, stepSeconds } = observation;
  if (points.length === 0) {
    throw new UserError(
      'GUARD_NO_DATA',
      `${metric.query ?? guardrail.metric} returned no data over the last ${guardrail.window} (${what})`,
      'Check that the query names series that exist (labels, metric name) and that Prometheus scrapes them.',
    );
  }
  const end = observation.time.getTime() / 1000;
  const start = end - guardrail.windowSeconds;
  // One missing instant is tolerated (a scrape that came late); two in a row are a hole in the window.
  const slack = stepSeconds * 2 + EPSILON;
  const first = points[0]![0];
  const last = points[points.length - 1]![0];
  if (first - start > slack) {
    throw notCovered(
      guardrail,
      `the data of ${what} starts at ${isoSeconds(first)}, ${formatSeconds(first - start)} into the guardrail's window of ${guardrail.window}`,
    );
  }
  if (end - last > slack) {
    throw notCovered(
      guardrail,
      `the data of ${what} stops at ${isoSeconds(last)}, ${formatSeconds(end - last)} before the end of the window: the series is stale`,
    );
  }
  for (let i = 1; i < points.length; i++) {
    if (points[i]![0] - points[i - 1]![0] > slack) {
      throw notCovered(
        guardrail,
        `the data of ${what} has a gap from ${isoSeconds(points[i - 1]![0])} to ${isoSeconds(points[i]![0])} inside the guardrail's window of ${guardrail.window}`,
      );
    }
  }
  if (points.some(([, v]) => !Number.isFinite(v))) {
    throw new UserError(
      'GUARD_NO_DATA',
      `${metric.query ?? guardrail.metric} gave a value that is not a number (NaN or ±Inf) within the window (${what})`,
      'A ratio of two rates is NaN when nothing was served: guard the denominator (e.g. `> 0`) or widen the window.',
    );
  }
  return points.reduce((sum, [, v]) => sum + v, 0) / points.length;
}

function notCovered(guardrail: Guardrail, message: string): UserError {
  return new UserError(
    'GUARD_WINDOW_NOT_COVERED',
    message,
    `A guardrail is judged only on data covering its whole window (${guardrail.window}): wait until there is enough, or shorten window in registry.yaml.`,
  );
}

/** One line per verdict: what was observed, the bound, the window. */
export function renderVerdictLine(verdict: GuardrailVerdict): string {
  const { guardrail } = verdict;
  const bound =
    verdict.bound === 'max_drop'
      ? `max_drop ${verdict.limit} from registered ${verdict.registered} (${verdict.goal === 'maximize' ? '≥' : '≤'} ${round(verdict.threshold)})`
      : `${verdict.bound} ${verdict.limit}`;
  return `${verdict.breached ? 'BREACH' : 'ok    '} ${guardrail.stage} ${guardrail.metric}: observed ${round(verdict.observed)} over ${guardrail.window}, bound ${bound}`;
}

function round(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s % 86400 === 0) return `${s / 86400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}
