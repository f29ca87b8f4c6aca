import type { DeliveryErrorClass } from './classifyDeliveryError.js';
import type { Clock } from './Clock.js';
import type { DeliverFunction } from './DeliverFunction.js';
import type { UsageMetricsStore } from './UsageMetricsStore.js';

/** Options of {@link createUsageMetrics}. */
export interface UsageMetricsOptions<Tx = never> {
  /** The durable outbox: {@link memoryStore}, {@link sqliteStore} or {@link postgresStore}. */
  readonly store: UsageMetricsStore<Tx>;
  /** Sends one batch to PLM (`POST /plm/usage-metrics`). */
  readonly deliver: DeliverFunction;
  /**
   * Most events per batch (the contract allows 1–500).
   * @default 500
   */
  readonly maxBatchSize?: number;
  /**
   * A smaller batch is sent once its oldest event is this old.
   * @default 1000
   */
  readonly maxBatchAgeMs?: number;
  /**
   * Batches this instance delivers at the same time.
   * @default 1
   */
  readonly concurrency?: number;
  /**
   * An attempt taking longer is aborted (its `signal` fires) and retried.
   * @default 30000
   */
  readonly deliveryTimeoutMs?: number;
  /**
   * How long a claimed batch stays with this worker before another may take it over. Must exceed
   * `deliveryTimeoutMs`, or a slow attempt could overlap a takeover (still applied once, thanks to
   * the idempotency key, but sent twice).
   * @default max(60000, 2 × deliveryTimeoutMs)
   */
  readonly leaseMs?: number;
  /**
   * Exponential backoff with full jitter between attempts of a batch; `retryAfterMs` on the error
   * is always honoured as a minimum.
   * @default { initialMs: 500, maxMs: 60000 }
   */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /**
   * Most events pending before the `overflow` policy applies.
   * @default 1000000
   */
  readonly maxPending?: number;
  /**
   * At `maxPending`: `'reject'` fails `record` with {@link BacklogFullError} (nothing stored);
   * `'dead-letter'` stores the event straight into the dead letters (reason `backlog full`), to be
   * replayed by an operator once PLM catches up.
   * @default 'reject'
   */
  readonly overflow?: 'reject' | 'dead-letter';
  /**
   * Pause hook, checked before every claim: while it returns `true` nothing is sent (recording
   * continues). Wire it to the PLM circuit breaker, e.g. `() => breaker.state === 'open'`.
   */
  readonly isPaused?: () => boolean;
  /**
   * Decides whether a delivery error is permanent or transient.
   * @default classifyDeliveryError
   */
  readonly classifyError?: (error: unknown) => DeliveryErrorClass;
  /**
   * How often an idle or paused worker looks at the store again (for events recorded by other
   * processes or in transactions, and for the pause hook).
   * @default 1000
   */
  readonly pollIntervalMs?: number;
  /**
   * The "backlog growing" signal, sampled every `sampleIntervalMs` while started: growing when the
   * pending count is higher than `samples - 1` intervals earlier (more recorded than delivered over
   * that window), or the oldest pending event is older than `maxOldestAgeMs`.
   * @default { sampleIntervalMs: 10000, samples: 13, maxOldestAgeMs: 300000 }
   */
  readonly backlog?: {
    readonly sampleIntervalMs?: number;
    readonly samples?: number;
    readonly maxOldestAgeMs?: number;
  };
  /**
   * Prefix of generated idempotency keys (letters, digits, `.`, `_`, `:`, `-`).
   * @default 'mrp-usage:'
   */
  readonly keyPrefix?: string;
  /**
   * Identity of this worker in leases.
   * @default `${hostname}:${pid}:${random}`
   */
  readonly workerId?: string;
  /** @default systemClock */
  readonly clock?: Clock;
  /**
   * Uniform random numbers in [0, 1) for jitter.
   * @default Math.random
   */
  readonly random?: () => number;
}
