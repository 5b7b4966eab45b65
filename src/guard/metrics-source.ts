/** The port `guard` observes live metrics through: a JSON document or a Prometheus server. */
import type { ObservedMetric } from './guardrail-verdicts.js';

/** One metric to observe over the window ending at the guard's time. */
export interface MetricRequest {
  readonly metric: string;
  /** The PromQL query with $model, $version, $stage and $window replaced, if one is declared. */
  readonly query: string | undefined;
  /** As written, e.g. 5m. */
  readonly window: string;
  readonly windowSeconds: number;
}

export interface MetricsSource {
  /** Every requested metric, or a UserError saying what could not be observed; `time` ends the windows. */
  observe(requests: readonly MetricRequest[], time: Date): Promise<Map<string, ObservedMetric>>;
}
