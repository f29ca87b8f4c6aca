/*
 * The one seam to @mrp-plm/metrics: the durable usage-metrics outbox and its delivery worker.
 */
import {
  createUsageMetrics,
  sqliteStore,
  type DeliverFunction,
  type UsageEvent,
  type UsageMetricsStats,
  type UsageMetricsStore,
} from '@mrp-plm/metrics';
import type { Clock } from './policy.js';

export type { UsageEvent, UsageMetricsStats, UsageMetricsStore };

/** The outbox as the integration uses it. */
export interface UsageOutbox {
  record(event: unknown, tx?: unknown): Promise<void>;
  stats(): Promise<UsageMetricsStats>;
  /** Delivers what is due now (for tests and drains). */
  tick(): Promise<unknown>;
  close(timeoutMs: number): Promise<{ readonly drained: boolean; readonly pending: number }>;
}

export function createUsageOutbox(options: {
  readonly store: UsageMetricsStore<unknown> | undefined;
  readonly path: string;
  readonly deliver: DeliverFunction;
  readonly isPaused: () => boolean;
  readonly clock: Clock;
}): UsageOutbox {
  const owned = options.store === undefined;
  const store: UsageMetricsStore<unknown> = options.store ?? sqliteStore({ path: options.path });
  const metrics = createUsageMetrics<unknown>({
    store,
    deliver: options.deliver,
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
