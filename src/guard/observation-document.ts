/**
 * The JSON document `modelreg guard --input` reads (pure): each metric's
 * value over a window the sender aggregated, and when that window ended.
 *
 *   {"time": "2026-11-30T10:00:00Z", "metrics": {"error_rate": {"value": 0.07, "window": "5m"}}}
 */
import { DURATION } from '../contract/guardrail-schema.js';
import { durationSeconds } from '../contract/guardrail-policy.js';
import { UserError } from '../domain/errors.js';
import { didYouMean } from '../domain/near-miss.js';
import type { ObservedMetric } from './guardrail-verdicts.js';
import type { MetricRequest, MetricsSource } from './metrics-source.js';

const EXAMPLE = '{"time": "2026-11-30T10:00:00Z", "metrics": {"error_rate": {"value": 0.07, "window": "5m"}}}';

export function parseObservationDocument(
  text: string,
  label: string,
  requests: readonly MetricRequest[],
  now: Date,
): Map<string, ObservedMetric> {
  const invalid = (what: string) =>
    new UserError('GUARD_INPUT_INVALID', `${label}: ${what}`, `Write a document like ${EXAMPLE}.`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw invalid(`not JSON (${(error as Error).message})`);
  }
  if (!isObject(document)) throw invalid('the document must be a JSON object');
  for (const key of Object.keys(document)) {
    if (key !== 'time' && key !== 'metrics') throw invalid(`unknown key "${key}" (only "time" and "metrics")`);
  }
  let time = now;
  if (document.time !== undefined) {
    if (
      typeof document.time !== 'string' ||
      !/^\d{4}-\d\d-\d\dT/.test(document.time) ||
      isNaN(Date.parse(document.time))
    )
      throw invalid(`"time" must be an ISO 8601 date-time, got ${JSON.stringify(document.time)}`);
    time = new Date(document.time);
  }
  const metrics = document.metrics;
  if (!isObject(metrics)) throw invalid('"metrics" must be an object: metric name → {value, window}');
  const declared = requests.map((r) => r.metric);
  const observed = new Map<string, ObservedMetric>();
  for (const [metric, entry] of Object.entries(metrics)) {
    if (!declared.includes(metric)) {
      throw new UserError(
        'GUARD_UNKNOWN_METRIC',
        `${label}: "${metric}" is not a guardrail metric of this stage`,
        `${didYouMean(metric, declared) ?? ''} The stage's guardrails observe: ${declared.join(', ')}.`.trimStart(),
      );
    }
    if (!isObject(entry)) throw invalid(`metrics.${metric} must be an object {value, window}`);
    for (const key of Object.keys(entry)) {
      if (key !== 'value' && key !== 'window') throw invalid(`metrics.${metric}: unknown key "${key}"`);
    }
    if (typeof entry.value !== 'number' || !Number.isFinite(entry.value))
      throw invalid(`metrics.${metric}.value must be a finite number, got ${JSON.stringify(entry.value)}`);
    if (typeof entry.window !== 'string' || !DURATION.test(entry.window))
      throw invalid(
        `metrics.${metric}.window must be the window the value covers, such as "5m", got ${JSON.stringify(entry.window)}`,
      );
    observed.set(metric, {
      observation: { kind: 'value', value: entry.value, windowSeconds: durationSeconds(entry.window), time },
      source: `json:${label}`,
    });
  }
  return observed;
}

/** A MetricsSource over a document already read. */
export function documentMetricsSource(text: string, label: string, now: Date): MetricsSource {
  return { observe: async (requests) => parseObservationDocument(text, label, requests, now) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
