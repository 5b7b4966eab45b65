/**
 * Observing guardrail metrics through a Prometheus server's HTTP query API:
 * each query evaluated as a range query over the guardrail's window, so that
 * the verdict sees which instants had data (Prometheus leaves stale ones out).
 */
import { UserError } from '../domain/errors.js';
import type { ObservedMetric } from './guardrail-verdicts.js';
import type { MetricRequest, MetricsSource } from './metrics-source.js';

/** At most this many points per window: enough to see a gap, few enough for one cheap query. */
const POINTS_PER_WINDOW = 60;

export interface PrometheusOptions {
  /** Per query; default 10 s. */
  readonly timeoutMs?: number;
}

export class PrometheusMetricsSource implements MetricsSource {
  private readonly base: URL;

  constructor(
    url: string,
    private readonly options: PrometheusOptions = {},
  ) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new UserError(
        'USAGE',
        `--prometheus takes the server's http(s) URL, got "${url}"`,
        'e.g. --prometheus http://prometheus.monitoring:9090',
      );
    }
    // The URL is written into commit trailers and pull requests: it must not carry a secret.
    if (parsed.username || parsed.password || parsed.search || parsed.hash) {
      throw new UserError(
        'USAGE',
        `--prometheus takes the server's URL without credentials, query or fragment, got "${parsed.protocol}//${parsed.host}${parsed.pathname}…"`,
        'The URL is recorded as evidence in the rollback commit; give e.g. --prometheus http://prometheus.monitoring:9090 (a server that needs credentials is not supported yet).',
      );
    }
    this.base = new URL(parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`);
  }

  async observe(requests: readonly MetricRequest[], time: Date): Promise<Map<string, ObservedMetric>> {
    const missing = requests.filter((r) => r.query === undefined).map((r) => r.metric);
    if (missing.length > 0) {
      throw new UserError(
        'GUARD_NO_QUERY',
        `no PromQL query is declared for ${missing.join(', ')}`,
        'Give each guardrail a query in registry.yaml (guardrails.<stage>.metrics.<metric>.query) or in model.yaml (guardrails.queries.<metric>).',
      );
    }
    const observed = new Map<string, ObservedMetric>();
    for (const request of requests) observed.set(request.metric, await this.observeOne(request, time));
    return observed;
  }

  private async observeOne(request: MetricRequest, time: Date): Promise<ObservedMetric> {
    const query = request.query!;
    const end = time.getTime() / 1000;
    const step = Math.max(1, Math.ceil(request.windowSeconds / POINTS_PER_WINDOW));
    const url = new URL('api/v1/query_range', this.base);
    url.search = new URLSearchParams({
      query,
      start: String(end - request.windowSeconds),
      end: String(end),
      step: `${step}s`,
    }).toString();
    const body = await this.get(url, request.metric);
    const result = body.data?.result;
    if (body.status !== 'success' || body.data?.resultType !== 'matrix' || !Array.isArray(result)) {
      throw new UserError(
        'PROMETHEUS_QUERY_FAILED',
        `Prometheus at ${this.base.origin} failed the query of ${request.metric} (${query}): ${body.error ?? 'no matrix in the answer'}`,
        'Check the query in registry.yaml or model.yaml, e.g. in the Prometheus UI.',
      );
    }
    if (result.length > 1) {
      throw new UserError(
        'GUARD_QUERY_AMBIGUOUS',
        `the query of ${request.metric} returns ${result.length} series (${query}), e.g. ${labels(result[0]?.metric)} and ${labels(result[1]?.metric)}`,
        'A guardrail needs one number per instant: narrow the labels or aggregate (sum, max, avg by nothing).',
      );
    }
    const values: readonly [number, string][] = result[0]?.values ?? [];
    const points = values.map(([t, v]) => [Number(t), Number(v)] as const);
    return {
      observation: { kind: 'samples', points, stepSeconds: step, time },
      source: `prometheus:${this.base.href}`,
      query,
    };
  }

  private async get(url: URL, metric: string): Promise<PrometheusAnswer> {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new UserError(
        'PROMETHEUS_UNREACHABLE',
        `Prometheus at ${this.base.href} does not answer (querying ${metric}): ${cause?.code ?? cause?.message ?? (error as Error).message}`,
        'Check the --prometheus URL and that the server runs and is reachable from here.',
      );
    }
    const text = await response.text();
    let body: PrometheusAnswer | undefined;
    try {
      body = JSON.parse(text) as PrometheusAnswer;
    } catch {
      body = undefined;
    }
    if (!response.ok || !body) {
      throw new UserError(
        'PROMETHEUS_QUERY_FAILED',
        `Prometheus at ${this.base.href} answered ${response.status} to the query of ${metric}: ${body?.error ?? text.slice(0, 200)}`,
        response.status === 400 || response.status === 422
          ? 'The query is not valid PromQL: check it in registry.yaml or model.yaml.'
          : 'Check that the URL is the Prometheus server itself (its /api/v1 answers) and that it is healthy.',
      );
    }
    return body;
  }
}

interface PrometheusAnswer {
  readonly status?: string;
  readonly error?: string;
  readonly data?: {
    readonly resultType?: string;
    readonly result?: readonly { readonly metric?: Record<string, string>; readonly values?: [number, string][] }[];
  };
}

function labels(metric: Record<string, string> | undefined): string {
  return `{${Object.entries(metric ?? {})
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ')}}`;
}
