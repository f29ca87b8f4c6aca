import { describeDeliveryError } from '../classifyDeliveryError.js';
import type { TickResult } from '../UsageMetrics.js';
import type { ClaimedBatch } from '../UsageMetricsStore.js';
import { backoffDelay } from './backoffDelay.js';
import type { MetricsContext } from './MetricsContext.js';

/**
 * Handles a failed attempt: a permanent failure dead-letters the whole batch; a transient one
 * hands the batch back with a backoff delay (none when `stopping`, so the next start or another
 * worker takes it at once), keeping its idempotency key. The error is recorded as `lastError`.
 *
 * @param wakeAt - Asks the worker loop to look again when the retry is due.
 */
export const failBatch = async <Tx>(
  ctx: MetricsContext<Tx>,
  batch: ClaimedBatch,
  error: unknown,
  options: { readonly stopping: boolean; readonly wakeAt: (at: number) => void },
): Promise<TickResult> => {
  const { state, listeners, store, settings } = ctx;
  const verdict = ctx.classify(error);
  const message = describeDeliveryError(error);
  const now = ctx.clock.now();
  state.noteError(message, now);
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
      state.addPending(-batch.events.length);
      state.deadLettered += batch.events.length;
      listeners.emit({
        type: 'batch.dead-lettered',
        idempotencyKey: batch.idempotencyKey,
        size: batch.events.length,
        reason: verdict.reason,
        at: now,
      });
      for (const r of batch.events) {
        listeners.emit({
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
    const delayMs = options.stopping
      ? 0
      : backoffDelay(batch.attempts, settings.backoff, ctx.random, verdict.retryAfterMs);
    await store.retryLater(batch.batchId, {
      owner: settings.owner,
      nextAttemptAt: now + delayMs,
      lastError: message,
    });
    listeners.emit({
      type: 'batch.retry-scheduled',
      idempotencyKey: batch.idempotencyKey,
      attempt: batch.attempts,
      delayMs,
      error: message,
      at: now,
    });
    options.wakeAt(now + delayMs);
    return {
      kind: 'retry-scheduled',
      idempotencyKey: batch.idempotencyKey,
      delayMs,
      error: message,
    };
  } catch (storeError) {
    const storeMessage = describeDeliveryError(storeError);
    state.noteError(storeMessage, now);
    listeners.emit({ type: 'error', error: storeMessage, at: now });
    return { kind: 'store-error', error: storeMessage };
  }
};
