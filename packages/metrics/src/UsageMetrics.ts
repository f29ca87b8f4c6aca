import type { UsageEvent } from './UsageEvent.js';
import type { UsageMetricsListener } from './UsageMetricsEvent.js';
import type { UsageMetricsStats } from './UsageMetricsStats.js';
import type { DeadLetterFilter } from './UsageMetricsStore.js';

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
export interface DeadLetter {
  readonly event: UsageEvent;
  readonly reason: string;
  readonly code: string | undefined;
  readonly attempts: number;
  readonly recordedAt: number;
  readonly deadLetteredAt: number;
}

/** The usage-metrics outbox and its delivery worker. */
export interface UsageMetrics<Tx = never> {
  /**
   * Validates and durably stores an event; resolves once it is committed (never waits on PLM).
   * Concurrent calls share one commit. Rejects with {@link InvalidUsageEventError},
   * {@link BacklogFullError} or {@link OutboxStoreError}; then nothing was stored. Recording an
   * `eventId` that is already pending is a no-op.
   */
  record(event: UsageEvent): Promise<void>;
  /**
   * Stores an event inside the caller's open transaction (the transactional outbox): it commits
   * or rolls back with the caller's work-order change. SQLite: the database handle the store was
   * created with, inside `db.transaction(...)`; the row is inserted synchronously during the call,
   * so it may be used from better-sqlite3's synchronous transaction functions (the returned promise
   * only reports errors). Postgres: the client that ran `BEGIN`; await it before `COMMIT`.
   * Rejects with {@link TransactionNotSupportedError} for the memory store.
   */
  recordInTransaction(tx: Tx, event: UsageEvent): Promise<void>;
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
  listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  /**
   * Moves matching dead letters back to the outbox to be delivered again (new batches, new
   * keys); returns how many. Use after fixing the cause (e.g. the model now exists in PLM).
   */
  replayDeadLetters(filter?: DeadLetterFilter): Promise<number>;
  /** Subscribes to worker events; returns the unsubscribe function. */
  subscribe(listener: UsageMetricsListener): () => void;
}
