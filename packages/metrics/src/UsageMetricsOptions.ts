import type { Clock } from '@mrp-plm/resilience';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { DeliveryErrorClass } from './classifyDeliveryError.js';
import type { DeliverFunction } from './DeliverFunction.js';
import type { OutboxStore } from './OutboxStore.js';

/**
 * The `eventId` option: optional when the event type has a string `eventId` property (read by
 * default), required otherwise.
 */
export type EventIdOption<E> = [E] extends [{ readonly eventId: string }]
  ? {
      /**
       * Reads the id of an event: the key of per-event results, of deduplication while pending and
       * of dead letters. Must be stable for an event and unique across events.
       * @default (event) => event.eventId
       */
      readonly eventId?: (event: E) => string;
    }
  : {
      /**
       * Reads the id of an event: the key of per-event results, of deduplication while pending and
       * of dead letters. Must be stable for an event and unique across events.
       */
      readonly eventId: (event: E) => string;
    };

/**
 * Options of {@link createUsageMetrics}.
 *
 * @typeParam E - The event type: the output of `validate`. Events are stored as JSON, so `E` must
 *   survive `JSON.stringify`/`JSON.parse` (plain data, ISO date strings rather than `Date`).
 * @typeParam Tx - The transaction type of the store.
 */
export type UsageMetricsOptions<E, Tx = never> = UsageMetricsBaseOptions<E, Tx> & EventIdOption<E>;

/** The options of {@link createUsageMetrics} other than `eventId` (see {@link UsageMetricsOptions}). */
export interface UsageMetricsBaseOptions<E, Tx = never> {
  /**
   * The durable outbox: {@link createMemoryOutboxStore}, {@link createSqliteOutboxStore} or
   * {@link createPostgresOutboxStore}.
   */
  readonly store: OutboxStore<Tx>;
  /**
   * Validates every event in `record` before it is stored, so an event the receiver would refuse
   * as malformed never reaches the outbox (where it would poison a whole batch). Any Standard
   * Schema v1 validator (`~standard.validate`): zod 4, valibot, ArkType… The validated `value` is
   * what is stored and delivered. Validation must be synchronous (`recordInTransaction` inserts
   * inside the caller's synchronous transaction): a validator that returns a promise makes
   * `record` reject with {@link AsyncValidatorError}.
   */
  readonly validate: StandardSchemaV1<unknown, E>;
  /**
   * Sends one batch: `{ events }` as the body, the key as the `Idempotency-Key` header. For PLM,
   * `plmUsageDelivery(client)` from `@mrp-plm/adapter`.
   */
  readonly deliver: DeliverFunction<E>;
  /**
   * Removes secrets of your own from every text the outbox keeps or reports (dead-letter reasons
   * and problems, `lastError`, events), after the built-in credential patterns.
   * @default none (only the built-in patterns)
   */
  readonly redact?: (text: string) => string;
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
   * Exponential backoff with full jitter between attempts of a batch (`computeRetryDelay` of
   * `@mrp-plm/resilience`); the `retryAfterMs` of the classification is always honoured as a
   * minimum, however long.
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
   * continues). Any `() => boolean`, e.g. `() => breaker.isOpen()` with the `@mrp-plm/resilience`
   * circuit breaker guarding the receiver. A hook that throws counts as not paused.
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
   * Prefix of generated idempotency keys (letters, digits, `.`, `_`, `:`, `-`); a random UUID
   * follows it.
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
