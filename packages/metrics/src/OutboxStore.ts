import type { DeliveryProblem } from './DeliveryProblem.js';

/**
 * One event as kept in the outbox: its id, its exact JSON (so retries send an identical body) and
 * when it was recorded (ms since epoch, from the injected clock).
 */
export interface OutboxRecord {
  readonly eventId: string;
  readonly payload: string;
  readonly recordedAt: number;
}

/** Parameters of {@link OutboxStore.claim}. */
export interface ClaimRequest {
  /** Identity of the claiming worker; written as the lease owner. */
  readonly owner: string;
  readonly now: number;
  /** How long the lease lasts; after it expires another worker may take the batch. */
  readonly leaseMs: number;
  /** Most events in a new batch. */
  readonly maxSize: number;
  /** A new batch is formed once the oldest unbatched event is this old (or `maxSize` are waiting). */
  readonly maxAgeMs: number;
  /** Form a batch from whatever is waiting, ignoring size and age (used when draining). */
  readonly force: boolean;
  /** Produces the idempotency key of a new batch; the store persists it before returning. */
  readonly newKey: () => string;
}

/** A batch leased to one worker. */
export interface ClaimedBatch {
  /** Store-specific id of the batch. */
  readonly batchId: string;
  readonly idempotencyKey: string;
  /** Delivery attempts including the one this claim starts. */
  readonly attempts: number;
  /** The events in their fixed order. */
  readonly events: readonly OutboxRecord[];
}

/** Result of {@link OutboxStore.claim}. */
export type ClaimResult =
  | { readonly batch: ClaimedBatch }
  | {
      readonly batch: undefined;
      /** When something may become claimable (retry due, lease expiry, batch age); unknown if absent. */
      readonly nextDueAt: number | undefined;
    };

/** A permanently failed event, with why. */
export interface DeadLetterEntry {
  readonly eventId: string;
  readonly reason: string;
  readonly code?: string | undefined;
  /** The receiver's problem details (already redacted), stored as JSON with the dead letter. */
  readonly problem?: DeliveryProblem | undefined;
}

/** What to do with the events of a batch once PLM answered (or refused it for good). */
export interface BatchOutcome {
  /** Accepted or duplicate: remove from the outbox. */
  readonly delivered: readonly string[];
  /** Rejected: move to the dead letters. */
  readonly deadLetters: readonly DeadLetterEntry[];
  /** No result came back: return to the unbatched queue, to be sent in a later batch. */
  readonly requeue: readonly string[];
  /** Delivery attempts made, recorded with each dead letter. */
  readonly attempts: number;
  readonly now: number;
}

/** Parameters of {@link OutboxStore.retryLater}. */
export interface RetryRequest {
  readonly owner: string;
  readonly nextAttemptAt: number;
  readonly lastError: string;
}

/** Counts kept by the store (shared by every worker using it). */
export interface OutboxCounts {
  /** Events recorded and not yet delivered or dead-lettered (including those in flight). */
  readonly pending: number;
  /** `recordedAt` of the oldest pending event. */
  readonly oldestRecordedAt: number | undefined;
  /** Pending events in batches currently leased by a worker. */
  readonly inFlight: number;
  /** Events in the dead-letter store. */
  readonly deadLettered: number;
}

/** A dead-lettered event as stored. */
export interface DeadLetterRecord extends OutboxRecord {
  readonly reason: string;
  readonly code: string | undefined;
  /** The receiver's problem details, when the failed delivery carried some. */
  readonly problem: DeliveryProblem | undefined;
  /** Delivery attempts made before it was dead-lettered. */
  readonly attempts: number;
  readonly deadLetteredAt: number;
}

/** Selects dead letters to list or replay; all given conditions must hold. */
export interface DeadLetterFilter {
  /** Only these events. */
  readonly eventIds?: readonly string[];
  /** Only this rejection code (e.g. `UNKNOWN_MODEL`). */
  readonly code?: string;
  /** Only those dead-lettered before this time (ms since epoch). */
  readonly deadLetteredBefore?: number;
  /** At most this many (oldest first). */
  readonly limit?: number;
}

/**
 * The durable outbox behind {@link createUsageMetrics}. Implemented by
 * {@link createMemoryOutboxStore}, {@link createSqliteOutboxStore} and
 * {@link createPostgresOutboxStore}; every implementation passes the same behavioural test suite.
 * It stores events as opaque JSON text (`payload`) and knows nothing of their type. `Tx` is the
 * caller's transaction type accepted by `appendInTransaction`.
 */
export interface OutboxStore<Tx = never> {
  /** `memory`, `sqlite` or `postgres`. */
  readonly name: string;
  /** Opens the store and applies migrations; idempotent. */
  init(): Promise<void>;
  /** Durably appends events (one commit); an `eventId` already pending is ignored. */
  append(records: readonly OutboxRecord[]): Promise<void>;
  /** Appends within the caller's open transaction; commits or rolls back with it. */
  appendInTransaction(tx: Tx, records: readonly OutboxRecord[]): Promise<void>;
  /** Stores events directly as dead letters (the `overflow: 'dead-letter'` policy). */
  appendDeadLetters(records: readonly OutboxRecord[], reason: string, now: number): Promise<void>;
  /** Leases a due batch (an existing one first, else forms a new one and persists its key). */
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /** Settles a batch; idempotent, so a late completion by a worker whose lease expired is harmless. */
  complete(batchId: string, outcome: BatchOutcome): Promise<void>;
  /** Releases the lease and schedules the next attempt; `false` if `owner` no longer holds it. */
  retryLater(batchId: string, request: RetryRequest): Promise<boolean>;
  counts(now: number): Promise<OutboxCounts>;
  listDeadLetters(filter: DeadLetterFilter): Promise<DeadLetterRecord[]>;
  /** Moves matching dead letters back to the outbox (recorded at `now`); returns how many. */
  replayDeadLetters(filter: DeadLetterFilter, now: number): Promise<number>;
  /** Releases resources the store owns (never a pool or database handle it was given). */
  close(): Promise<void>;
}
