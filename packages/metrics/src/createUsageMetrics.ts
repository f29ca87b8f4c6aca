import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BacklogFullError } from './BacklogFullError.js';
import type { DeliveryErrorClass } from './classifyDeliveryError.js';
import { classifyDeliveryError, describeDeliveryError } from './classifyDeliveryError.js';
import type { Clock } from './Clock.js';
import { systemClock } from './Clock.js';
import type { DeliverFunction, DeliveryResponse } from './DeliverFunction.js';
import { DeliveryTimeoutError } from './DeliveryTimeoutError.js';
import { backoffDelay } from './internal/backoffDelay.js';
import { BacklogTrend } from './internal/BacklogTrend.js';
import { GroupCommit } from './internal/groupCommit.js';
import { LatencyWindow } from './internal/LatencyWindow.js';
import { InvalidUsageEventError } from './InvalidUsageEventError.js';
import { OutboxStoreError } from './OutboxStoreError.js';
import type { UsageEvent } from './UsageEvent.js';
import { usageEventSchema } from './UsageEvent.js';
import type { UsageMetricsEvent, UsageMetricsListener } from './UsageMetricsEvent.js';
import type { UsageMetricsStats } from './UsageMetricsStats.js';
import type {
  ClaimedBatch,
  DeadLetterEntry,
  DeadLetterFilter,
  OutboxRecord,
  UsageMetricsStore,
} from './UsageMetricsStore.js';

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

const check = (event: unknown): UsageEvent | InvalidUsageEventError => {
  const parsed = usageEventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  return new InvalidUsageEventError(
    parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    { cause: parsed.error },
  );
};

const validate = (event: unknown): UsageEvent => {
  const result = check(event);
  if (result instanceof InvalidUsageEventError) throw result;
  return result;
};

const positive = (value: number | undefined, fallback: number): number =>
  value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;

/**
 * Creates the usage-metrics outbox: `record` stores events durably at once; the worker started by
 * `start()` delivers them in batches with a stable idempotency key, retries with backoff, and moves
 * permanent rejections to the dead letters.
 *
 * @example
 * ```ts
 * const metrics = createUsageMetrics({
 *   store: sqliteStore({ path: './var/usage-outbox.db' }),
 *   deliver: (batch, { signal }) => plm.submitUsageMetrics(batch, { signal }),
 *   isPaused: () => breaker.isOpen(),
 * });
 * metrics.start();
 * await metrics.record({ eventId: randomUUID(), type: 'work_order.created',
 *   occurredAt: new Date().toISOString(), workOrderId: 'WO-1', modelId: 'MDL-000123', quantity: 1 });
 * await metrics.stop({ drain: true });
 * ```
 */
export const createUsageMetrics = <Tx = never>(
  options: UsageMetricsOptions<Tx>,
): UsageMetrics<Tx> => {
  const { store, deliver } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const classify = options.classifyError ?? classifyDeliveryError;
  const maxBatchSize = Math.min(500, Math.floor(positive(options.maxBatchSize, 500)));
  const maxBatchAgeMs = positive(options.maxBatchAgeMs, 1000);
  const concurrency = Math.floor(positive(options.concurrency, 1));
  const deliveryTimeoutMs = positive(options.deliveryTimeoutMs, 30_000);
  const leaseMs = positive(options.leaseMs, Math.max(60_000, 2 * deliveryTimeoutMs));
  const backoff = {
    initialMs: positive(options.backoff?.initialMs, 500),
    maxMs: positive(options.backoff?.maxMs, 60_000),
  };
  const maxPending = positive(options.maxPending, 1_000_000);
  const overflow = options.overflow ?? 'reject';
  const pollIntervalMs = positive(options.pollIntervalMs, 1000);
  const backlogSettings = {
    sampleIntervalMs: positive(options.backlog?.sampleIntervalMs, 10_000),
    samples: Math.max(2, Math.floor(positive(options.backlog?.samples, 13))),
    maxOldestAgeMs: positive(options.backlog?.maxOldestAgeMs, 300_000),
  };
  const keyPrefix = options.keyPrefix ?? 'mrp-usage:';
  const owner = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const listeners = new Set<UsageMetricsListener>();
  const emit = (event: UsageMetricsEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // A faulty listener must never break recording or delivery.
      }
    }
  };

  const latency = new LatencyWindow(4096);
  const trend = new BacklogTrend(backlogSettings);
  const counters = { delivered: 0, duplicates: 0, deadLettered: 0 };
  let lastError: { message: string; at: number } | undefined;
  let backlogGrowing = false;
  let manuallyPaused = false;
  let running = false;
  let stopping = false;
  let pendingEstimate: number | undefined;
  let initialised: Promise<void> | undefined;

  const noteError = (message: string): void => {
    lastError = { message, at: clock.now() };
  };

  const ensureInit = (): Promise<void> => {
    initialised ??= store.init().then(
      async () => {
        pendingEstimate = (await store.counts(clock.now())).pending;
      },
      (error: unknown) => {
        initialised = undefined;
        throw error instanceof OutboxStoreError
          ? error
          : new OutboxStoreError('init', { cause: error });
      },
    );
    return initialised;
  };

  const isPaused = (): boolean => {
    if (manuallyPaused) return true;
    try {
      return options.isPaused?.() ?? false;
    } catch {
      return false;
    }
  };

  // ---- recording -------------------------------------------------------------------------
  const commits = new GroupCommit<OutboxRecord>(async (records) => {
    await ensureInit();
    await store.append(records);
    pendingEstimate = (pendingEstimate ?? 0) + records.length;
    emit({ type: 'recorded', count: records.length, at: clock.now() });
    const first = records[0];
    if (first !== undefined) {
      onRecorded(first.recordedAt);
    }
  }, 10_000);

  const toRecord = (event: UsageEvent): OutboxRecord => ({
    eventId: event.eventId,
    payload: JSON.stringify(event),
    recordedAt: clock.now(),
  });

  const overLimit = (): boolean => (pendingEstimate ?? 0) + commits.queued >= maxPending;

  const record = async (event: UsageEvent): Promise<void> => {
    const valid = validate(event);
    await ensureInit();
    const item = toRecord(valid);
    if (overLimit()) {
      if (overflow === 'reject') throw new BacklogFullError(pendingEstimate ?? 0, maxPending);
      await store.appendDeadLetters([item], 'backlog full', item.recordedAt);
      return;
    }
    await commits.submit(item);
  };

  const recordInTransaction = (tx: Tx, event: UsageEvent): Promise<void> => {
    // No `await` before the store call: a synchronous store (SQLite) must insert during this call,
    // while the caller's synchronous transaction is still open.
    const valid = check(event);
    if (valid instanceof InvalidUsageEventError) return Promise.reject(valid);
    if (overLimit() && overflow === 'reject') {
      return Promise.reject(new BacklogFullError(pendingEstimate ?? 0, maxPending));
    }
    // In 'dead-letter' overflow the event still joins the caller's transaction: it must commit or
    // roll back with the work-order change, which a separate dead-letter write could not promise.
    return store.appendInTransaction(tx, [toRecord(valid)]).then(() => {
      if (pendingEstimate !== undefined) pendingEstimate += 1;
    });
  };

  // ---- delivery --------------------------------------------------------------------------
  const inFlight = new Map<string, AbortController>();

  const newKey = (): string => `${keyPrefix}${randomUUID()}`;

  const deliverBatch = async (batch: ClaimedBatch): Promise<TickResult> => {
    const controller = new AbortController();
    inFlight.set(batch.batchId, controller);
    emit({
      type: 'batch.sent',
      idempotencyKey: batch.idempotencyKey,
      size: batch.events.length,
      attempt: batch.attempts,
      at: clock.now(),
    });
    let timer: unknown;
    let response: DeliveryResponse;
    try {
      const events = batch.events.map((r) => JSON.parse(r.payload) as UsageEvent);
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener(
          'abort',
          () => reject(controller.signal.reason as Error),
          {
            once: true,
          },
        );
      });
      timer = clock.setTimeout(
        () => controller.abort(new DeliveryTimeoutError(deliveryTimeoutMs)),
        deliveryTimeoutMs,
      );
      // Racing the abort means a deliver function that ignores its signal still times out.
      response = await Promise.race([
        deliver({ idempotencyKey: batch.idempotencyKey, events }, { signal: controller.signal }),
        aborted,
      ]);
      if (!Array.isArray(response?.results)) throw new Error('malformed response: no results');
    } catch (error) {
      clock.clearTimeout(timer);
      inFlight.delete(batch.batchId);
      return failBatch(batch, error);
    }
    clock.clearTimeout(timer);
    try {
      return await settleBatch(batch, response);
    } finally {
      inFlight.delete(batch.batchId);
    }
  };

  const settleBatch = async (
    batch: ClaimedBatch,
    response: DeliveryResponse,
  ): Promise<TickResult> => {
    const byId = new Map(response.results.map((r) => [r.eventId, r]));
    const delivered: string[] = [];
    const deadLetters: DeadLetterEntry[] = [];
    const requeue: string[] = [];
    let duplicates = 0;
    for (const record of batch.events) {
      const result = byId.get(record.eventId);
      if (result === undefined) requeue.push(record.eventId);
      else if (result.status === 'rejected') {
        deadLetters.push({
          eventId: record.eventId,
          reason: result.reason ?? 'rejected by PLM',
          code: result.code,
        });
      } else {
        delivered.push(record.eventId);
        if (result.status === 'duplicate') duplicates += 1;
      }
    }
    const now = clock.now();
    try {
      await store.complete(batch.batchId, {
        delivered,
        deadLetters,
        requeue,
        attempts: batch.attempts,
        now,
      });
    } catch (error) {
      // PLM has the batch; the lease expires and a retry with the same key gets the same results.
      const message = describeDeliveryError(error);
      noteError(message);
      emit({ type: 'error', error: message, at: now });
      return { kind: 'store-error', error: message };
    }
    pendingEstimate = Math.max(0, (pendingEstimate ?? 0) - delivered.length - deadLetters.length);
    counters.delivered += delivered.length;
    counters.duplicates += duplicates;
    counters.deadLettered += deadLetters.length;
    const recordedAt = new Map(batch.events.map((r) => [r.eventId, r.recordedAt]));
    for (const id of delivered) latency.add(now - recordedAt.get(id)!);
    for (const dead of deadLetters) {
      emit({
        type: 'event.dead-lettered',
        eventId: dead.eventId,
        reason: dead.reason,
        code: dead.code,
        at: now,
      });
    }
    const result = {
      idempotencyKey: batch.idempotencyKey,
      accepted: delivered.length - duplicates,
      duplicates,
      rejected: deadLetters.length,
      requeued: requeue.length,
    };
    emit({ type: 'batch.delivered', plmBatchId: response.batchId, ...result, at: now });
    return { kind: 'delivered', ...result };
  };

  const failBatch = async (batch: ClaimedBatch, error: unknown): Promise<TickResult> => {
    const verdict = classify(error);
    const message = describeDeliveryError(error);
    const now = clock.now();
    noteError(message);
    try {
      if (verdict.kind === 'permanent') {
        await store.complete(batch.batchId, {
          delivered: [],
          deadLetters: batch.events.map((r) => ({
            eventId: r.eventId,
            reason: verdict.reason,
            code: verdict.code,
          })),
          requeue: [],
          attempts: batch.attempts,
          now,
        });
        pendingEstimate = Math.max(0, (pendingEstimate ?? 0) - batch.events.length);
        counters.deadLettered += batch.events.length;
        emit({
          type: 'batch.dead-lettered',
          idempotencyKey: batch.idempotencyKey,
          size: batch.events.length,
          reason: verdict.reason,
          at: now,
        });
        for (const r of batch.events) {
          emit({
            type: 'event.dead-lettered',
            eventId: r.eventId,
            reason: verdict.reason,
            code: verdict.code,
            at: now,
          });
        }
        return {
          kind: 'dead-lettered',
          idempotencyKey: batch.idempotencyKey,
          reason: verdict.reason,
        };
      }
      // Aborted by stop(): hand the batch back at once, for the next start or another worker.
      const delayMs = stopping
        ? 0
        : backoffDelay(batch.attempts, backoff, random, verdict.retryAfterMs);
      await store.retryLater(batch.batchId, {
        owner,
        nextAttemptAt: now + delayMs,
        lastError: message,
      });
      emit({
        type: 'batch.retry-scheduled',
        idempotencyKey: batch.idempotencyKey,
        attempt: batch.attempts,
        delayMs,
        error: message,
        at: now,
      });
      wakeAt(now + delayMs);
      return {
        kind: 'retry-scheduled',
        idempotencyKey: batch.idempotencyKey,
        delayMs,
        error: message,
      };
    } catch (storeError) {
      const storeMessage = describeDeliveryError(storeError);
      noteError(storeMessage);
      emit({ type: 'error', error: storeMessage, at: now });
      return { kind: 'store-error', error: storeMessage };
    }
  };

  const claimAndDeliver = async (
    force: boolean,
  ): Promise<{ started: Promise<TickResult> } | { idle: TickResult }> => {
    if (isPaused()) return { idle: { kind: 'paused' } };
    try {
      await ensureInit();
      const claimed = await store.claim({
        owner,
        now: clock.now(),
        leaseMs,
        maxSize: maxBatchSize,
        maxAgeMs: maxBatchAgeMs,
        force,
        newKey,
      });
      if (claimed.batch === undefined)
        return { idle: { kind: 'idle', nextDueAt: claimed.nextDueAt } };
      return { started: deliverBatch(claimed.batch) };
    } catch (error) {
      const message = describeDeliveryError(error);
      noteError(message);
      emit({ type: 'error', error: message, at: clock.now() });
      return { idle: { kind: 'store-error', error: message } };
    }
  };

  const tick = async (tickOptions?: { readonly force?: boolean }): Promise<TickResult> => {
    const step = await claimAndDeliver(tickOptions?.force ?? false);
    return 'started' in step ? step.started : step.idle;
  };

  // ---- the worker loop ---------------------------------------------------------------------
  let wakeTimer: unknown;
  let wakeTime: number | undefined;
  let pumping = false;
  let pumpAgain = false;
  const deliveries = new Set<Promise<TickResult>>();

  const wakeAt = (at: number): void => {
    if (!running) return;
    if (wakeTime !== undefined && wakeTime <= at) return;
    if (wakeTimer !== undefined) clock.clearTimeout(wakeTimer);
    wakeTime = at;
    wakeTimer = clock.setTimeout(
      () => {
        wakeTimer = undefined;
        wakeTime = undefined;
        void pump();
      },
      Math.max(0, at - clock.now()),
    );
  };

  const onRecorded = (recordedAt: number): void => {
    if (!running) return;
    if ((pendingEstimate ?? 0) >= maxBatchSize) void pump();
    else wakeAt(recordedAt + maxBatchAgeMs);
  };

  const pump = async (): Promise<void> => {
    if (!running) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        while (running && inFlight.size < concurrency) {
          const step = await claimAndDeliver(false);
          if ('started' in step) {
            const delivery = step.started;
            deliveries.add(delivery);
            void delivery.finally(() => {
              deliveries.delete(delivery);
              void pump();
            });
            continue;
          }
          const idle = step.idle;
          const now = clock.now();
          const next =
            idle.kind === 'idle' && idle.nextDueAt !== undefined ? idle.nextDueAt : Infinity;
          wakeAt(Math.min(Math.max(next, now), now + pollIntervalMs));
          break;
        }
      } while (pumpAgain && running);
    } finally {
      pumping = false;
    }
  };

  let sampleTimer: unknown;
  const sampleBacklog = async (): Promise<void> => {
    try {
      const now = clock.now();
      const counts = await store.counts(now);
      pendingEstimate = counts.pending;
      const oldestAge =
        counts.oldestRecordedAt === undefined ? undefined : now - counts.oldestRecordedAt;
      const growing = trend.sample(counts.pending, oldestAge);
      if (growing !== backlogGrowing) {
        backlogGrowing = growing;
        emit({
          type: 'backlog',
          growing,
          pending: counts.pending,
          oldestPendingAgeMs: oldestAge,
          at: now,
        });
      }
    } catch (error) {
      noteError(describeDeliveryError(error));
    }
    if (running) {
      sampleTimer = clock.setTimeout(() => void sampleBacklog(), backlogSettings.sampleIntervalMs);
    }
  };

  const start = (): void => {
    if (running) return;
    running = true;
    sampleTimer = clock.setTimeout(() => void sampleBacklog(), backlogSettings.sampleIntervalMs);
    void pump();
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => clock.setTimeout(resolve, Math.max(0, ms)));

  const stop = async (
    stopOptions?: StopOptions,
  ): Promise<{ readonly drained: boolean; readonly pending: number }> => {
    running = false;
    if (wakeTimer !== undefined) clock.clearTimeout(wakeTimer);
    if (sampleTimer !== undefined) clock.clearTimeout(sampleTimer);
    wakeTimer = undefined;
    wakeTime = undefined;
    await commits.flushed();
    let drained = false;
    if (stopOptions?.drain === true) {
      const deadline = clock.now() + positive(stopOptions.timeoutMs, 30_000);
      await Promise.allSettled([...deliveries]);
      while (clock.now() < deadline) {
        const step = await tick({ force: true });
        if (step.kind === 'idle' && step.nextDueAt === undefined) {
          drained = true;
          break;
        }
        if (step.kind === 'idle' || step.kind === 'paused' || step.kind === 'store-error') {
          const wait = step.kind === 'idle' ? step.nextDueAt! - clock.now() : pollIntervalMs;
          await sleep(Math.min(Math.max(wait, 1), deadline - clock.now()));
        }
      }
    }
    stopping = true;
    for (const controller of inFlight.values())
      controller.abort(new Error('usage metrics stopped'));
    await Promise.allSettled([...deliveries]);
    stopping = false;
    let pending = pendingEstimate ?? 0;
    try {
      pending = (await store.counts(clock.now())).pending;
    } catch {
      // Keep the estimate; the store may be unreachable.
    }
    return { drained, pending };
  };

  const stats = async (): Promise<UsageMetricsStats> => {
    await ensureInit();
    const now = clock.now();
    const counts = await store.counts(now);
    pendingEstimate = counts.pending;
    return {
      pending: counts.pending,
      oldestPendingAgeMs:
        counts.oldestRecordedAt === undefined ? undefined : now - counts.oldestRecordedAt,
      inFlight: counts.inFlight,
      delivered: counters.delivered,
      duplicates: counters.duplicates,
      deadLettered: counts.deadLettered,
      deadLetteredByThisInstance: counters.deadLettered,
      latencyMs: latency.percentiles(),
      lastError,
      backlogGrowing,
      paused: isPaused(),
      running,
    };
  };

  return {
    record,
    recordInTransaction,
    start,
    stop,
    tick,
    pause: () => {
      if (manuallyPaused) return;
      manuallyPaused = true;
      emit({ type: 'paused', at: clock.now() });
    },
    resume: () => {
      if (!manuallyPaused) return;
      manuallyPaused = false;
      emit({ type: 'resumed', at: clock.now() });
      void pump();
    },
    stats,
    listDeadLetters: async (filter = {}) => {
      await ensureInit();
      const records = await store.listDeadLetters(filter);
      return records.map((r) => ({
        event: JSON.parse(r.payload) as UsageEvent,
        reason: r.reason,
        code: r.code,
        attempts: r.attempts,
        recordedAt: r.recordedAt,
        deadLetteredAt: r.deadLetteredAt,
      }));
    },
    replayDeadLetters: async (filter = {}) => {
      await ensureInit();
      const count = await store.replayDeadLetters(filter, clock.now());
      pendingEstimate = (pendingEstimate ?? 0) + count;
      if (count > 0) onRecorded(clock.now());
      return count;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
};
