/*
 * The one seam to @mrp-plm/metrics: the durable usage-metrics outbox and its delivery worker.
 */
import { plmUsageErrorClassifier, plmUsageEventSchema, type PlmUsageEvent } from '@mrp-plm/adapter';
import {
  classifyDeliveryError,
  createSqliteOutboxStore,
  createUsageMetrics,
  type DeliverFunction,
  type OutboxStore,
  type UsageMetricsStats,
} from '@mrp-plm/metrics';
import type { Clock } from './policy.js';

/** The outbox's event: the PLM usage event (the adapter owns its schema). */
export type UsageEvent = PlmUsageEvent;
/**
 * A metrics outbox store (memory, SQLite, or Postgres with the host's transaction type). The
 * integration passes the host's transaction through untouched, so it accepts any `Tx`.
 */
export type UsageMetricsStore = OutboxStore<unknown>;
export type { UsageMetricsStats };

/** The outbox as the integration uses it. */
export interface UsageOutbox {
  record(event: unknown, tx?: unknown): Promise<void>;
  stats(): Promise<UsageMetricsStats>;
  /** Delivers what is due now (for tests and drains). */
  tick(): Promise<unknown>;
  close(timeoutMs: number): Promise<{ readonly drained: boolean; readonly pending: number }>;
}

export function createUsageOutbox(options: {
  readonly store: UsageMetricsStore | undefined;
  readonly path: string;
  readonly deliver: DeliverFunction<UsageEvent>;
  readonly isPaused: () => boolean;
  readonly clock: Clock;
}): UsageOutbox {
  const owned = options.store === undefined;
  const store: UsageMetricsStore = options.store ?? createSqliteOutboxStore({ path: options.path });
  const metrics = createUsageMetrics({
    store,
    validate: plmUsageEventSchema,
    deliver: options.deliver,
    // A PLM authentication failure keeps the batch queued (the adapter's rule), the rest is
    // metrics' default.
    classifyError: plmUsageErrorClassifier(classifyDeliveryError),
    isPaused: options.isPaused,
    clock: options.clock,
  });
  metrics.start();
  return {
    async record(event, tx) {
      // The outbox checks the event against the PLM usage-event schema before storing it.
      const candidate = event as UsageEvent;
      if (tx === undefined) await metrics.record(candidate);
      else await metrics.recordInTransaction(tx, candidate);
    },
    stats: () => metrics.stats(),
    tick: () => metrics.tick({ force: true }),
    async close(timeoutMs) {
      // A paused outbox (PLM disabled or its circuit open) cannot drain: keep its events stored.
      const result = await metrics.stop({ drain: !options.isPaused(), timeoutMs });
      if (owned) await store.close();
      return result;
    },
  };
}
