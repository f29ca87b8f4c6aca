import { classifyDeliveryError } from './classifyDeliveryError.js';
import { systemClock } from './Clock.js';
import { BacklogSampler } from './internal/BacklogSampler.js';
import { DeliveryWorker } from './internal/DeliveryWorker.js';
import { Listeners } from './internal/Listeners.js';
import type { MetricsContext } from './internal/MetricsContext.js';
import { MetricsState } from './internal/MetricsState.js';
import { Recorder } from './internal/Recorder.js';
import { positive, resolveSettings } from './internal/resolveSettings.js';
import { toStoreError } from './internal/toStoreError.js';
import { OutboxStoreError } from './OutboxStoreError.js';
import type { UsageEvent } from './UsageEvent.js';
import type { StopOptions, UsageMetrics } from './UsageMetrics.js';
import type { UsageMetricsOptions } from './UsageMetricsOptions.js';
import type { UsageMetricsStats } from './UsageMetricsStats.js';

export type { DeadLetter, StopOptions, TickResult, UsageMetrics } from './UsageMetrics.js';
export type { UsageMetricsOptions } from './UsageMetricsOptions.js';

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

  const ctx: MetricsContext<Tx> = {
    store,
    deliver: options.deliver,
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
      listeners.emit({ type: 'paused', at: clock.now() });
    },
    resume: () => {
      if (!manuallyPaused) return;
      manuallyPaused = false;
      listeners.emit({ type: 'resumed', at: clock.now() });
      void worker.pump();
    },
    stats,
    listDeadLetters: async (filter = {}) => {
      const records = await storeCall('listDeadLetters', () => store.listDeadLetters(filter));
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
