/*
 * The one seam to @mrp-plm/metrics: the durable usage-metrics outbox and its delivery worker.
 */
import { plmUsageEventSchema, type PlmUsageEvent } from '@mrp-plm/adapter';
import { PlmAuthError } from '@mrp-plm/plm-sdk';
import {
  classifyDeliveryError,
  createSqliteOutboxStore,
  createUsageMetrics,
  type DeliverFunction,
  type DeliveryErrorClass,
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

/**
 * The outbox's verdict on a failed delivery: the metrics default, except that a PLM authentication
 * failure keeps the batch queued. Bad credentials, a revoked client, a token endpoint that answers
 * garbage: none of them is about the batch, and dead-lettering every batch until an operator fixes
 * the credentials would bury the backlog. (The SDK marks them `retryable: false`, which the
 * default reads as a refusal of the batch.)
 */
export function classifyUsageDeliveryError(error: unknown): DeliveryErrorClass {
  if (error instanceof PlmAuthError) {
    return error.retryAfterMs === undefined
      ? { kind: 'transient' }
      : { kind: 'transient', retryAfterMs: error.retryAfterMs };
  }
  return classifyDeliveryError(error);
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
    classifyError: classifyUsageDeliveryError,
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
