/** The pure part of guard: observations + guardrails → verdicts, and the evidence trailers' round trip. */
import { describe, expect, it } from 'vitest';
import { normalizeGuardrails } from '../src/contract/guardrail-policy.js';
import {
  describeGuardrailEvidence,
  formatGuardrailTrailer,
  parseGuardrailTrailers,
  withGuardrailTrailers,
  type GuardrailEvidence,
} from '../src/domain/commit-trailers.js';
import { guardrailVerdicts, type ObservedMetric } from '../src/guard/guardrail-verdicts.js';
import { fillQuery } from '../src/guard/guard.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const END = NOW.getTime() / 1000;
const [latency] = normalizeGuardrails({ production: { window: '1m', metrics: { latency: { max: 200 } } } }).get(
  'production',
)!;
const subject = { model: 'fraud', version: '1.1.0', registered: { loss: 0.2 }, goals: new Map(), now: NOW };

function samples(points: [number, number][], step = 5): Map<string, ObservedMetric> {
  return new Map([
    [
      'latency',
      {
        observation: {
          kind: 'samples',
          points: points.map(([t, v]) => [END + t, v] as const),
          stepSeconds: step,
          time: NOW,
        },
        source: 'prometheus:http://127.0.0.1:9090/',
        query: 'latency',
      },
    ],
  ]);
}

/** Every 5 s from 60 s ago to now. */
const everyStep = (value: (i: number) => number) =>
  Array.from({ length: 13 }, (_, i) => [-60 + 5 * i, value(i)] as [number, number]);

describe('guardrail verdicts', () => {
  it('judges the mean over the window', () => {
    const [verdict] = guardrailVerdicts([latency!], subject, samples(everyStep((i) => (i < 6 ? 100 : 300))));
    expect(verdict!.observed).toBeCloseTo((6 * 100 + 7 * 300) / 13);
    expect(verdict!.breached).toBe(true);
    expect(guardrailVerdicts([latency!], subject, samples(everyStep(() => 199)))[0]!.breached).toBe(false);
  });

  it('refuses data that starts inside the window, stops before its end, or has a gap', () => {
    const late = everyStep(() => 1).slice(3);
    expect(() => guardrailVerdicts([latency!], subject, samples(late))).toThrow(
      /starts at .*15s into the guardrail's window of 1m/,
    );
    const stale = everyStep(() => 1).slice(0, -3);
    expect(() => guardrailVerdicts([latency!], subject, samples(stale))).toThrow(
      /stops at .*15s before the end of the window: the series is stale/,
    );
    const gap = everyStep(() => 1).filter((_, i) => i !== 5 && i !== 6);
    expect(() => guardrailVerdicts([latency!], subject, samples(gap))).toThrow(/has a gap from/);
    // One missing step is an instant between scrapes, not a hole.
    expect(() =>
      guardrailVerdicts([latency!], subject, samples(everyStep(() => 1).filter((_, i) => i !== 5))),
    ).not.toThrow();
    expect(() => guardrailVerdicts([latency!], subject, samples([]))).toThrow(/returned no data over the last 1m/);
    expect(() => guardrailVerdicts([latency!], subject, samples(everyStep(() => NaN)))).toThrow(/not a number/);
  });

  it('measures max_drop from the registered value in the direction of the goal', () => {
    const [loss] = normalizeGuardrails({ production: { window: '1m', metrics: { loss: { max_drop: 0.05 } } } }).get(
      'production',
    )!;
    const observe = (value: number) =>
      new Map([
        [
          'loss',
          { observation: { kind: 'value', value, windowSeconds: 60, time: NOW }, source: 'json:-' } as ObservedMetric,
        ],
      ]);
    const minimize = { ...subject, goals: new Map([['loss', 'minimize' as const]]) };
    expect(guardrailVerdicts([loss!], minimize, observe(0.26))[0]).toMatchObject({
      breached: true,
      threshold: 0.25,
      registered: 0.2,
    });
    expect(guardrailVerdicts([loss!], minimize, observe(0.1))[0]!.breached).toBe(false);
    // Maximize (the default): a higher loss is better, a lower one breaches.
    expect(guardrailVerdicts([loss!], subject, observe(0.26))[0]!.breached).toBe(false);
    expect(guardrailVerdicts([loss!], subject, observe(0.1))[0]!.breached).toBe(true);
  });
});

describe('guardrail trailers', () => {
  const evidence: GuardrailEvidence = {
    stage: 'production',
    metric: 'error_rate',
    observed: 0.0712,
    bound: 'max_drop',
    limit: 0.1,
    registered: 0.93,
    window: '5m',
    time: '2026-03-01T11:59:00Z',
    source: 'json:/tmp/my observations.json',
    query: 'sum(rate(errors_total{model="fraud", code=~"5.."}[5m]))\n  / sum(rate(requests_total[5m])) > 0 or x=y',
  };

  it('round-trip one line per breach, the query (spaces, "=", new lines collapsed) last', () => {
    const line = formatGuardrailTrailer(evidence);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(
      /^Modelreg-Guardrail: production error_rate observed=0.0712 max_drop=0.1 registered=0.93 window=5m /,
    );
    expect(parseGuardrailTrailers(`subject\n\n${line}\n`)).toEqual([
      {
        ...evidence,
        query: 'sum(rate(errors_total{model="fraud", code=~"5.."}[5m])) / sum(rate(requests_total[5m])) > 0 or x=y',
      },
    ]);
    const message = withGuardrailTrailers('rollback(fraud): x\n\nbody\n\nModelreg-Action: rollback\n', [
      evidence,
      { ...evidence, metric: 'latency', bound: 'max', limit: 200 },
    ]);
    expect(message).toMatch(
      /\n\nModelreg-Action: rollback\nModelreg-Guardrail: production error_rate .*\nModelreg-Guardrail: production latency .*\n$/,
    );
    expect(parseGuardrailTrailers(message).map((e) => e.metric)).toEqual(['error_rate', 'latency']);
    expect(describeGuardrailEvidence(evidence, 'short')).toBe(
      'error_rate 0.0712 dropped more than max_drop 0.1 from registered 0.93 over 5m',
    );
  });

  it('ignore lines that only look like one', () => {
    expect(parseGuardrailTrailers('Modelreg-Guardrail: production error_rate observed=high max=0.05')).toEqual([]);
    expect(parseGuardrailTrailers('Modelreg-Guardrail: production error_rate observed=1 window=5m')).toEqual([]);
  });
});

describe('query placeholders', () => {
  it('fills $model, $version, $stage and $window, and leaves other $ words alone', () => {
    expect(
      fillQuery('rate(x{model="$model",v="$version",s="$stage"}[$window]) + $windows', {
        model: 'fraud',
        version: '1.1.0',
        stage: 'production',
        window: '5m',
      }),
    ).toBe('rate(x{model="fraud",v="1.1.0",s="production"}[5m]) + $windows');
  });
});
