import type { DeliveryProblem } from './DeliveryProblem.js';
import type { DeadLetterFilter } from './OutboxStore.js';
import type { UsageMetricsListener } from './UsageMetricsEvent.js';
import type { UsageMetricsStats } from './UsageMetricsStats.js';

/** Result of {@link UsageMetrics.tick}: what one step of the worker did. */
export type TickResult =
  | { readonly kind: 'idle'; readonly nextDueAt: number | undefined }
  | { readonly kind: 'paused' }
  | {
      readonly kind: 'delivered';
      readonly idempotencyKey: string;
      readonly accepted: number;
      readonly duplicates: number;
      readonly rejected: number;
      readonly requeued: number;
    }
  | {
      readonly kind: 'retry-scheduled';
      readonly idempotencyKey: string;
      readonly delayMs: number;
      readonly error: string;
    }
  | { readonly kind: 'dead-lettered'; readonly idempotencyKey: string; readonly reason: string }
  | { readonly kind: 'store-error'; readonly error: string };

/** Options of {@link UsageMetrics.stop}. */
export interface StopOptions {
  /**
   * Deliver everything pending (batches of any size) before stopping; otherwise in-flight
   * attempts are aborted and their batches stay in the store for the next start.
   * @default false
   */
  readonly drain?: boolean;
  /**
   * Give up draining after this long (then abort what is in flight).
   * @default 30000
   */
  readonly timeoutMs?: number;
}

/** A dead-lettered event with its parsed payload. */
export interface DeadLetter<E> {
  /** The event as it was validated and stored (parsed back from its JSON). */
  readonly event: E;
  /** Why (a rejection reason, or the description of the error that refused the whole batch). */
  readonly reason: string;
  readonly code: string | undefined;
  /**
   * The receiver's problem details (RFC 9457, redacted) when the batch was refused with one, e.g.
   * a `VALIDATION` problem with its `errors[]` (path and message per problem).
   */
  readonly problem: DeliveryProblem | undefined;
  readonly attempts: number;
  readonly recordedAt: number;
  readonly deadLetteredAt: number;
}

/**
 * The outbox and its delivery worker.
 *
 * @typeParam E - The event type (the output of the `validate` schema).
 * @typeParam Tx - The transaction type of the store, for {@link UsageMetrics.recordInTransaction}.
 */
export interface UsageMetrics<E, Tx = never> {
  /**
   * Validates (with the `validate` schema) and durably stores an event; resolves once it is
   * committed (never waits on the receiver). Concurrent calls share one commit. Rejects with
   * {@link InvalidUsageEventError}, {@link AsyncValidatorError}, {@link BacklogFullError} or
   * {@link OutboxStoreError}; then nothing was stored. Recording an event id that is already
   * pending is a no-op.
   */
  record(event: E): Promise<void>;
  /**
   * Stores an event inside the caller's open transaction (the transactional outbox): it commits
   * or rolls back with the caller's work-order change. SQLite: the database handle the store was
   * created with, inside `db.transaction(...)`; the row is inserted synchronously during the call,
   * so it may be used from better-sqlite3's synchronous transaction functions (the returned promise
   * only reports errors). Postgres: the client that ran `BEGIN`; await it before `COMMIT`.
   * Rejects with {@link TransactionNotSupportedError} for the memory store.
   */
  recordInTransaction(tx: Tx, event: E): Promise<void>;
  /** Starts the background worker (idempotent). */
  start(): void;
  /** Stops the worker; see {@link StopOptions}. Resolves with what is still pending. */
  stop(options?: StopOptions): Promise<{ readonly drained: boolean; readonly pending: number }>;
  /**
   * Runs one worker step now: claims at most one due batch and delivers it. For tests, cron-style
   * use and operators; independent of `start()`.
   */
  tick(options?: { readonly force?: boolean }): Promise<TickResult>;
  /** Stops sending until {@link UsageMetrics.resume} (recording continues). */
  pause(): void;
  resume(): void;
  stats(): Promise<UsageMetricsStats>;
  listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter<E>[]>;
  /**
   * Moves matching dead letters back to the outbox to be delivered again (new batches, new
   * keys); returns how many. Use after fixing the cause (e.g. the model now exists in PLM).
   */
  replayDeadLetters(filter?: DeadLetterFilter): Promise<number>;
  /** Subscribes to worker events; returns the unsubscribe function. */
  subscribe(listener: UsageMetricsListener): () => void;
}
