/**
 * `modelreg guard --prometheus` against a real Prometheus (Debian's, started on loopback) scraping
 * exporters this test serves every second: the queries, the window and staleness are Prometheus's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseGuardrailTrailers } from '../src/domain/commit-trailers.js';
import { guardedRegistry, repositoryState } from './helpers/guard-registry.js';
import { Exporter, PrometheusServer } from './helpers/prometheus-server.js';
import { runCli } from './helpers/run-cli.js';
import { git } from './helpers/temp-repo.js';

const WINDOW_SECONDS = 5;

let prometheus: PrometheusServer;
let served: Exporter;
let flaky: Exporter;

beforeAll(async () => {
  served = await Exporter.start([
    '# TYPE guard_error_ratio gauge',
    'guard_error_ratio{model="fraud"} 0.07',
    'guard_error_ratio{model="other"} 0.0',
    'guard_latency_p95_ms{model="fraud"} 120',
    'guard_accuracy{model="fraud"} 0.94',
    'guard_requests{model="fraud",path="/a"} 1',
    'guard_requests{model="fraud",path="/b"} 2',
  ]);
  flaky = await Exporter.start(['guard_flaky_ratio{model="fraud"} 0.01']);
  prometheus = await PrometheusServer.start({ served: served.target, flaky: flaky.target });
  await prometheus.waitForHistory('guard_error_ratio{model="fraud"}', WINDOW_SECONDS + 2);
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await served?.stop();
  await flaky?.stop().catch(() => undefined);
});

/** Guardrails on production whose queries are `queries` (metric → PromQL, or null for none). */
function policy(metrics: Record<string, string>, window = `${WINDOW_SECONDS}s`): string {
  return `\nguardrails:\n  production:\n    window: ${window}\n    metrics:\n${Object.entries(metrics)
    .map(([metric, bound]) => `      ${metric}: ${bound}\n`)
    .join('')}`;
}

const STANDARD = policy({
  error_rate: `{ max: 0.05, query: 'max(guard_error_ratio{model="$model"})' }`,
  latency_p95_ms: `{ max: 200, query: 'guard_latency_p95_ms{model="$model"}' }`,
  accuracy: '{ max_drop: 0.1 }',
});
/** model.yaml gives the accuracy query. */
const MODEL_QUERIES = `guardrails:\n  queries:\n    accuracy: 'guard_accuracy{model="$model"}'\n`;

async function guard(dir: string, ...extra: string[]) {
  return runCli(dir, ['guard', 'fraud@production', '--prometheus', prometheus.url, ...extra], new Date());
}

describe('modelreg guard --prometheus', () => {
  it('judges the mean of each query over the window, and rolls back with the query in the evidence', async () => {
    const dir = await guardedRegistry(STANDARD, MODEL_QUERIES);
    const judged = await guard(dir);
    expect(judged.stderr).toBe('');
    expect(judged.code).toBe(1);
    expect(judged.stdout.split('\n')).toEqual([
      'fraud@production is fraud@1.1.0',
      'BREACH production error_rate: observed 0.07 over 5s, bound max 0.05',
      'ok     production latency_p95_ms: observed 120 over 5s, bound max 200',
      'ok     production accuracy: observed 0.94 over 5s, bound max_drop 0.1 from registered 0.95 (≥ 0.85)',
      '',
    ]);

    const rolledBack = await guard(dir, '--rollback', '--here');
    expect(rolledBack.code).toBe(1);
    expect(rolledBack.stdout).toContain('rollback(fraud): production 1.1.0 → 1.0.0');
    const [evidence] = parseGuardrailTrailers(git(dir, 'log', '-1', '--format=%B'));
    expect(evidence).toMatchObject({
      stage: 'production',
      metric: 'error_rate',
      observed: 0.07,
      bound: 'max',
      limit: 0.05,
      window: '5s',
      source: `prometheus:${prometheus.url}/`,
      query: 'max(guard_error_ratio{model="fraud"})',
    });
    expect(Date.now() - Date.parse(evidence!.time)).toBeLessThan(60_000);
  });

  it('passes a healthy stage', async () => {
    const dir = await guardedRegistry(
      policy({ error_rate: `{ max: 0.1, query: 'max(guard_error_ratio{model="$model"})' }` }),
    );
    const result = await guard(dir);
    expect(result.stdout).toContain('ok     production error_rate: observed 0.07 over 5s, bound max 0.1');
    expect(result.code).toBe(0);
  });

  describe('refuses what it cannot judge, and writes nothing', () => {
    async function refused(policyText: string, code: string, text: RegExp | string, url?: string) {
      const dir = await guardedRegistry(policyText, MODEL_QUERIES);
      const before = repositoryState(dir);
      const result = await runCli(
        dir,
        ['guard', 'fraud@production', '--prometheus', url ?? prometheus.url, '--rollback', '--here'],
        new Date(),
      );
      expect(result.stderr).toContain(`error[${code}]`);
      expect(result.stderr).toMatch(text);
      expect(result.code).toBe(2);
      expect(repositoryState(dir)).toBe(before);
    }

    it('a window the data does not cover', () =>
      refused(
        STANDARD.replace('window: 5s', 'window: 1h'),
        'GUARD_WINDOW_NOT_COVERED',
        /starts at .* into the guardrail's window of 1h/,
      ));

    it('a query that returns no series', () =>
      refused(
        policy({ error_rate: `{ max: 0.05, query: 'guard_error_ratio{model="nobody"}' }` }),
        'GUARD_NO_DATA',
        'guard_error_ratio{model="nobody"} returned no data over the last 5s',
      ));

    it('a query that returns several series', () =>
      refused(
        policy({ requests: `{ max: 5, query: 'guard_requests{model="$model"}' }` }),
        'GUARD_QUERY_AMBIGUOUS',
        /returns 2 series .* e\.g\. \{__name__="guard_requests", .*path="\/a"\}/,
      ));

    it('a query that is not PromQL', () =>
      refused(
        policy({ requests: `{ max: 5, query: 'rate(guard_requests[' }` }),
        'PROMETHEUS_QUERY_FAILED',
        /answered 400 to the query of requests/,
      ));

    it('a metric without a query', () =>
      refused(policy({ error_rate: '{ max: 0.05 }' }), 'GUARD_NO_QUERY', 'no PromQL query is declared for error_rate'));

    it('an unreachable server', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      await refused(STANDARD, 'PROMETHEUS_UNREACHABLE', /does not answer .*ECONNREFUSED/, `http://127.0.0.1:${port}`);
    });

    it('a server that is not Prometheus', () =>
      refused(STANDARD, 'PROMETHEUS_QUERY_FAILED', /answered 404/, `http://${served.target}`));

    // Last: it stops an exporter. Prometheus marks the series stale at the next failed scrape.
    it('a series that went stale inside the window', async () => {
      const stale = policy({ flaky: `{ max: 0.05, query: 'guard_flaky_ratio{model="$model"}' }` });
      const healthy = await guardedRegistry(stale);
      expect((await guard(healthy)).code).toBe(0);
      await flaky.stop();
      await new Promise((resolve) => setTimeout(resolve, 3500));
      await refused(stale, 'GUARD_WINDOW_NOT_COVERED', /stops at .* before the end of the window: the series is stale/);
    });
  });
});
