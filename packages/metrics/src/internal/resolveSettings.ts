import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { UsageMetricsBaseOptions } from '../UsageMetricsOptions.js';
import type { BacklogSettings } from './BacklogTrend.js';

/**
 * The numeric and policy options of `createUsageMetrics` with their defaults applied, resolved
 * once so the recorder, the delivery steps and the worker loop share one validated view.
 */
export interface UsageMetricsSettings {
  readonly maxBatchSize: number;
  readonly maxBatchAgeMs: number;
  readonly concurrency: number;
  readonly deliveryTimeoutMs: number;
  readonly leaseMs: number;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  readonly maxPending: number;
  readonly overflow: 'reject' | 'dead-letter';
  readonly pollIntervalMs: number;
  readonly backlog: BacklogSettings;
  readonly keyPrefix: string;
  /** Lease owner identity of this instance. */
  readonly owner: string;
}

/** `value` when it is a finite positive number, else `fallback` (bad options never disable limits). */
export const positive = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;

/** The options {@link resolveSettings} reads. */
export type SettingsOptions = Pick<
  UsageMetricsBaseOptions<unknown, unknown>,
  | 'maxBatchSize'
  | 'maxBatchAgeMs'
  | 'concurrency'
  | 'deliveryTimeoutMs'
  | 'leaseMs'
  | 'backoff'
  | 'maxPending'
  | 'overflow'
  | 'pollIntervalMs'
  | 'backlog'
  | 'keyPrefix'
  | 'workerId'
>;

/** Applies the documented defaults of the options of `createUsageMetrics`. */
export const resolveSettings = (options: SettingsOptions): UsageMetricsSettings => {
  const deliveryTimeoutMs = positive(options.deliveryTimeoutMs, 30_000);
  return {
    maxBatchSize: Math.min(500, Math.floor(positive(options.maxBatchSize, 500))),
    maxBatchAgeMs: positive(options.maxBatchAgeMs, 1000),
    concurrency: Math.floor(positive(options.concurrency, 1)),
    deliveryTimeoutMs,
    leaseMs: positive(options.leaseMs, Math.max(60_000, 2 * deliveryTimeoutMs)),
    backoff: {
      initialMs: positive(options.backoff?.initialMs, 500),
      maxMs: positive(options.backoff?.maxMs, 60_000),
    },
    maxPending: positive(options.maxPending, 1_000_000),
    overflow: options.overflow ?? 'reject',
    pollIntervalMs: positive(options.pollIntervalMs, 1000),
    backlog: {
      sampleIntervalMs: positive(options.backlog?.sampleIntervalMs, 10_000),
      samples: Math.max(2, Math.floor(positive(options.backlog?.samples, 13))),
      maxOldestAgeMs: positive(options.backlog?.maxOldestAgeMs, 300_000),
    },
    keyPrefix: options.keyPrefix ?? 'mrp-usage:',
    owner: options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  };
};
