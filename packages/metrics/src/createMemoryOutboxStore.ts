import { matchesDeadLetter } from './internal/matchesDeadLetter.js';
import { OutboxStoreError } from './OutboxStoreError.js';
import { StoreClosedError } from './StoreClosedError.js';
import { TransactionNotSupportedError } from './TransactionNotSupportedError.js';
import type {
  BatchOutcome,
  ClaimRequest,
  ClaimResult,
  DeadLetterFilter,
  DeadLetterRecord,
  OutboxCounts,
  OutboxRecord,
  RetryRequest,
  OutboxStore,
} from './OutboxStore.js';

interface Pending {
  readonly record: OutboxRecord;
  readonly seq: number;
  batchId: string | undefined;
}

interface Batch {
  readonly id: string;
  readonly key: string;
  readonly eventIds: readonly string[];
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | undefined;
  leaseUntil: number | undefined;
}

/**
 * An outbox kept in process memory. Fast and dependency-free, for tests and development only:
 * everything pending is lost when the process exits, and `recordInTransaction` is not supported.
 *
 * @example
 * ```ts
 * const metrics = createUsageMetrics({ store: createMemoryOutboxStore(), validate, deliver });
 * ```
 */
export const createMemoryOutboxStore = (): OutboxStore => {
  const pending = new Map<string, Pending>();
  let unbatched = new Map<string, Pending>();
  const batches = new Map<string, Batch>();
  const deadLetters = new Map<string, DeadLetterRecord>();
  let seq = 0;
  let batchSeq = 0;
  let closed = false;

  /** Runs an operation, turning a closed store into a rejected OutboxStoreError. */
  const run = <T>(operation: string, body: () => T): Promise<T> =>
    closed
      ? Promise.reject(new OutboxStoreError(operation, { cause: new StoreClosedError('memory') }))
      : Promise.resolve(body());

  const add = (record: OutboxRecord): void => {
    if (pending.has(record.eventId)) return;
    const entry: Pending = { record, seq: ++seq, batchId: undefined };
    pending.set(record.eventId, entry);
    unbatched.set(record.eventId, entry);
  };

  const lease = (batch: Batch, request: ClaimRequest): ClaimResult => {
    batch.attempts += 1;
    batch.leaseOwner = request.owner;
    batch.leaseUntil = request.now + request.leaseMs;
    return {
      batch: {
        batchId: batch.id,
        idempotencyKey: batch.key,
        attempts: batch.attempts,
        events: batch.eventIds.map((id) => pending.get(id)!.record),
      },
    };
  };

  return {
    name: 'memory',
    init: () => Promise.resolve(),
    append: (records) =>
      run('append', () => {
        for (const record of records) add(record);
        return;
      }),
    appendInTransaction: () =>
      Promise.reject(new TransactionNotSupportedError('memory', 'it keeps no database')),
    appendDeadLetters: (records, reason, now) =>
      run('appendDeadLetters', () => {
        for (const record of records) {
          deadLetters.set(record.eventId, {
            ...record,
            reason,
            code: undefined,
            problem: undefined,
            attempts: 0,
            deadLetteredAt: now,
          });
        }
        return;
      }),
    claim: (request) =>
      run('claim', (): ClaimResult => {
        let nextDueAt: number | undefined;
        const due = (at: number): void => {
          nextDueAt = nextDueAt === undefined ? at : Math.min(nextDueAt, at);
        };
        for (const batch of batches.values()) {
          const leaseFree = batch.leaseUntil === undefined || batch.leaseUntil <= request.now;
          if (leaseFree && batch.nextAttemptAt <= request.now) {
            return lease(batch, request);
          }
          due(leaseFree ? batch.nextAttemptAt : Math.max(batch.leaseUntil!, batch.nextAttemptAt));
        }
        const first = unbatched.values().next();
        if (first.done === true) return { batch: undefined, nextDueAt };
        const readyAt = first.value.record.recordedAt + request.maxAgeMs;
        if (!request.force && unbatched.size < request.maxSize && readyAt > request.now) {
          due(readyAt);
          return { batch: undefined, nextDueAt };
        }
        const eventIds: string[] = [];
        for (const entry of unbatched.values()) {
          if (eventIds.length >= request.maxSize) break;
          eventIds.push(entry.record.eventId);
        }
        const batch: Batch = {
          id: String(++batchSeq),
          key: request.newKey(),
          eventIds,
          attempts: 0,
          nextAttemptAt: request.now,
          leaseOwner: undefined,
          leaseUntil: undefined,
        };
        for (const id of eventIds) {
          unbatched.delete(id);
          pending.get(id)!.batchId = batch.id;
        }
        batches.set(batch.id, batch);
        return lease(batch, request);
      }),
    complete: (batchId, outcome: BatchOutcome) =>
      run('complete', () => {
        const batch = batches.get(batchId);
        if (batch === undefined) return;
        batches.delete(batchId);
        for (const id of outcome.delivered) pending.delete(id);
        for (const dead of outcome.deadLetters) {
          const entry = pending.get(dead.eventId);
          if (entry === undefined) continue;
          pending.delete(dead.eventId);
          deadLetters.set(dead.eventId, {
            ...entry.record,
            reason: dead.reason,
            code: dead.code,
            problem: dead.problem,
            attempts: outcome.attempts,
            deadLetteredAt: outcome.now,
          });
        }
        // Events named in `requeue`, and any the outcome does not mention, go back to the queue.
        let requeued = false;
        for (const id of batch.eventIds) {
          const entry = pending.get(id);
          if (entry !== undefined && entry.batchId === batchId) {
            entry.batchId = undefined;
            requeued = true;
          }
        }
        if (requeued) {
          // Keep the unbatched queue in recording order, as the SQL stores do.
          unbatched = new Map(
            [...pending.values()]
              .filter((entry) => entry.batchId === undefined)
              .sort((a, b) => a.seq - b.seq)
              .map((entry) => [entry.record.eventId, entry]),
          );
        }
        return;
      }),
    retryLater: (batchId, request: RetryRequest) =>
      run('retryLater', () => {
        const batch = batches.get(batchId);
        if (batch === undefined || batch.leaseOwner !== request.owner) return false;
        batch.leaseOwner = undefined;
        batch.leaseUntil = undefined;
        batch.nextAttemptAt = request.nextAttemptAt;
        return true;
      }),
    counts: (now) =>
      run('counts', (): OutboxCounts => {
        let oldestRecordedAt: number | undefined;
        for (const entry of pending.values()) {
          const at = entry.record.recordedAt;
          oldestRecordedAt = oldestRecordedAt === undefined ? at : Math.min(oldestRecordedAt, at);
        }
        let inFlight = 0;
        for (const batch of batches.values()) {
          if (batch.leaseUntil !== undefined && batch.leaseUntil > now) {
            inFlight += batch.eventIds.length;
          }
        }
        return {
          pending: pending.size,
          oldestRecordedAt,
          inFlight,
          deadLettered: deadLetters.size,
        };
      }),
    listDeadLetters: (filter: DeadLetterFilter) =>
      run('listDeadLetters', () => {
        const found = [...deadLetters.values()].filter((record) =>
          matchesDeadLetter(record, filter),
        );
        return found.slice(0, filter.limit ?? found.length);
      }),
    replayDeadLetters: (filter, now) =>
      run('replayDeadLetters', () => {
        const found = [...deadLetters.values()].filter((record) =>
          matchesDeadLetter(record, filter),
        );
        const chosen = found.slice(0, filter.limit ?? found.length);
        for (const record of chosen) {
          deadLetters.delete(record.eventId);
          add({ eventId: record.eventId, payload: record.payload, recordedAt: now });
        }
        return chosen.length;
      }),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
};
