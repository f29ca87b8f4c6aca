import { systemClock } from '@mrp-plm/resilience';
import { classifyDeliveryError } from './classifyDeliveryError.js';
import { BacklogSampler } from './internal/BacklogSampler.js';
import { DeliveryWorker } from './internal/DeliveryWorker.js';
import { Listeners } from './internal/Listeners.js';
import type { MetricsContext } from './internal/MetricsContext.js';
import { MetricsState } from './internal/MetricsState.js';
import { Recorder } from './internal/Recorder.js';
import { redactSecrets } from './internal/redactSecrets.js';
import { positive, resolveSettings } from './internal/resolveSettings.js';
import { toStoreError } from './internal/toStoreError.js';
import { OutboxStoreError } from './OutboxStoreError.js';
import type { StopOptions, UsageMetrics } from './UsageMetrics.js';
import type { UsageMetricsOptions } from './UsageMetricsOptions.js';
import type { UsageMetricsStats } from './UsageMetricsStats.js';

export type { DeadLetter, StopOptions, TickResult, UsageMetrics } from './UsageMetrics.js';
export type { UsageMetricsBaseOptions, UsageMetricsOptions } from './UsageMetricsOptions.js';

/** The id of an event that has a string `eventId` (the default of the `eventId` option). */
const defaultEventId = (event: unknown): string => {
  const id = (event as { eventId?: unknown } | null | undefined)?.eventId;
  return typeof id === 'string' ? id : '';
};

/**
 * Creates a durable outbox for events of type `E`: `record` validates an event with the
 * `validate` Standard Schema and stores it durably at once; the worker started by `start()`
 * delivers them in batches with a stable idempotency key, retries with backoff, and moves
 * permanent rejections to the dead letters. Metrics knows no receiver: `validate` and `deliver`
 * say what an event is and where it goes.
 *
 * @typeParam E - The event type, inferred from `validate`.
 * @typeParam Tx - The store's transaction type, inferred from `store`.
 * @example
 * ```ts
 * import { randomUUID } from 'node:crypto';
 * import { createMemoryOutboxStore, createUsageMetrics } from '@mrp-plm/metrics';
 * import { z } from 'zod';
 *
 * const pageView = z.object({ eventId: z.uuid(), path: z.string().min(1) });
 *
 * const metrics = createUsageMetrics({
 *   store: createMemoryOutboxStore(),
 *   validate: pageView,
 *   deliver: (batch) =>
 *     Promise.resolve({
 *       results: batch.events.map((e) => ({ eventId: e.eventId, status: 'accepted' as const })),
 *     }),
 * });
 * metrics.start();
 * await metrics.record({ eventId: randomUUID(), path: '/work-orders/new' });
 * await metrics.stop({ drain: true });
 * ```
 */
export const createUsageMetrics = <E, Tx = never>(
  options: UsageMetricsOptions<E, Tx>,
): UsageMetrics<E, Tx> => {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const settings = resolveSettings(options);
  const state = new MetricsState();
  const listeners = new Listeners();
  let manuallyPaused = false;
  let initialised: Promise<void> | undefined;

  const ensureInit = (): Promise<void> => {
    initialised ??= store.init().then(
      async () => {
        state.pendingEstimate = (await store.counts(clock.now())).pending;
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

  const userRedact = options.redact;
  const ctx: MetricsContext<E, Tx> = {
    store,
    validate: options.validate,
    // The option's type depends on E (required unless E has a string eventId); read it plainly.
    eventId: (options as { readonly eventId?: (event: E) => string }).eventId ?? defaultEventId,
    deliver: options.deliver,
    redact: (text) => redactSecrets(text, userRedact),
    clock,
    random: options.random ?? Math.random,
    classify: options.classifyError ?? classifyDeliveryError,
    settings,
    listeners,
    state,
    ensureInit,
    isPaused: () => {
      if (manuallyPaused) return true;
      try {
        return options.isPaused?.() ?? false;
      } catch {
        return false;
      }
    },
  };
  const worker = new DeliveryWorker(ctx);
  const sampler = new BacklogSampler(ctx);
  const recorder = new Recorder(ctx, (recordedAt) => worker.onRecorded(recordedAt));

  /** Runs a store call for a public method, so only tagged errors reach the caller. */
  const storeCall = async <T>(operation: string, body: () => Promise<T>): Promise<T> => {
    await ensureInit();
    try {
      return await body();
    } catch (error) {
      throw toStoreError(operation, error);
    }
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => clock.setTimeout(resolve, Math.max(0, ms)));

  const stop = async (
    stopOptions?: StopOptions,
  ): Promise<{ readonly drained: boolean; readonly pending: number }> => {
    worker.halt();
    sampler.stop();
    await recorder.flushed();
    let drained = false;
    if (stopOptions?.drain === true) {
      const deadline = clock.now() + positive(stopOptions.timeoutMs, 30_000);
      await worker.settled();
      while (clock.now() < deadline) {
        const step = await worker.tick(true);
        if (step.kind === 'idle' && step.nextDueAt === undefined) {
          drained = true;
          break;
        }
        if (step.kind === 'idle' || step.kind === 'paused' || step.kind === 'store-error') {
          const wait =
            step.kind === 'idle' ? step.nextDueAt! - clock.now() : settings.pollIntervalMs;
          await sleep(Math.min(Math.max(wait, 1), deadline - clock.now()));
        }
      }
    }
    await worker.abortInFlight();
    let pending = state.pendingEstimate ?? 0;
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
    const counts = await storeCall('counts', () => store.counts(now));
    state.pendingEstimate = counts.pending;
    return {
      pending: counts.pending,
      oldestPendingAgeMs:
        counts.oldestRecordedAt === undefined ? undefined : now - counts.oldestRecordedAt,
      inFlight: counts.inFlight,
      delivered: state.delivered,
      duplicates: state.duplicates,
      deadLettered: counts.deadLettered,
      deadLetteredByThisInstance: state.deadLettered,
      latencyMs: state.latency.percentiles(),
      lastError: state.lastError,
      backlogGrowing: state.backlogGrowing,
      paused: ctx.isPaused(),
      running: worker.running,
    };
  };

  return {
    record: (event) => recorder.record(event),
    recordInTransaction: (tx, event) => recorder.recordInTransaction(tx, event),
    start: () => {
      if (worker.running) return;
      sampler.start();
      worker.start();
    },
    stop,
    tick: (tickOptions) => worker.tick(tickOptions?.force ?? false),
    pause: () => {
      if (manuallyPaused) return;
      manuallyPaused = true;
      listeners.emit({ type: 'worker.paused', at: clock.now() });
    },
    resume: () => {
      if (!manuallyPaused) return;
      manuallyPaused = false;
      listeners.emit({ type: 'worker.resumed', at: clock.now() });
      void worker.pump();
    },
    stats,
    listDeadLetters: async (filter = {}) => {
      const records = await storeCall('listDeadLetters', () => store.listDeadLetters(filter));
      return records.map((r) => ({
        event: JSON.parse(r.payload) as E,
        reason: r.reason,
        code: r.code,
        problem: r.problem,
        attempts: r.attempts,
        recordedAt: r.recordedAt,
        deadLetteredAt: r.deadLetteredAt,
      }));
    },
    replayDeadLetters: async (filter = {}) => {
      const count = await storeCall('replayDeadLetters', () =>
        store.replayDeadLetters(filter, clock.now()),
      );
      state.addPending(count);
      if (count > 0) worker.onRecorded(clock.now());
      return count;
    },
    subscribe: (listener) => listeners.add(listener),
  };
};
