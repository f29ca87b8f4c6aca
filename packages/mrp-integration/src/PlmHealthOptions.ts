import type { MeterProvider } from '@opentelemetry/api';

/**
 * Alert thresholds of the health model. The defaults are the plan's ("Observability &
 * Monitoring"); each alert is described in the README ("Alerts").
 */
export interface PlmAlertThresholds {
  /** `plm-availability` fires when the 5-minute availability is below this ratio. @default 0.99 */
  readonly availability?: number | undefined;
  /** `plm-latency-p95` fires when the 5-minute p95 is above this, ms. @default 500 */
  readonly p95Ms?: number | undefined;
  /** `shadow-diff-rate` fires when the shadow diff rate is above this ratio. @default 0.05 */
  readonly shadowDiffRate?: number | undefined;
  /** `circuit-open` fires when the circuit has been open (or isolated) longer than this, ms. @default 300000 */
  readonly circuitOpenMs?: number | undefined;
  /** `shadow-critical-diffs` fires when critical diffs in the last 15 minutes exceed this. @default 0 */
  readonly criticalDiffs?: number | undefined;
  /** `plm-auth-failures` fires when auth failures in the last 15 minutes exceed this. @default 0 */
  readonly authFailures?: number | undefined;
  /** Span over which `usage-backlog-growing` judges the backlog's trend, ms. @default 900000 */
  readonly backlogWindowMs?: number | undefined;
  /** Calls (or shadow comparisons) a window needs before rate and latency alerts are judged. @default 20 */
  readonly minSamples?: number | undefined;
  /** How long availability, latency and diff-rate conditions stay `pending` before `firing`, ms. @default 60000 */
  readonly forMs?: number | undefined;
}

/** Options of the health model (`createPlmIntegration({ health })`). */
export interface PlmHealthOptions {
  /** @default the plan's thresholds (see {@link PlmAlertThresholds}) */
  readonly alerts?: PlmAlertThresholds | undefined;
  /**
   * How often alerts and the migration guard are evaluated and the usage outbox is polled, ms of
   * the integration's clock.
   * @default 10000
   */
  readonly intervalMs?: number | undefined;
  /**
   * Where the OpenTelemetry metrics go.
   * @default the global meter provider of `@opentelemetry/api` (a no-op until the host registers an SDK)
   */
  readonly meterProvider?: MeterProvider | undefined;
}
