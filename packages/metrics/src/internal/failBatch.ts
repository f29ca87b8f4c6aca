import { computeRetryDelay } from '@mrp-plm/resilience';
import { describeDeliveryError } from '../classifyDeliveryError.js';
import type { ClaimedBatch } from '../OutboxStore.js';
import type { TickResult } from '../UsageMetrics.js';
import type { MetricsContext } from './MetricsContext.js';
import { readDeliveryProblem } from './readDeliveryProblem.js';

/**
 * Handles a failed attempt: a permanent failure dead-letters the whole batch, with the receiver's
 * problem details; a transient one hands the batch back with a backoff delay (none when
 * `stopping`, so the next start or another worker takes it at once), keeping its idempotency key.
 * The error, with its problem details, is recorded as `lastError`. Everything kept is redacted.
 *
 * @param wakeAt - Asks the worker loop to look again when the retry is due.
 */
export const failBatch = async <E, Tx>(
  ctx: MetricsContext<E, Tx>,
  batch: ClaimedBatch,
  error: unknown,
  options: { readonly stopping: boolean; readonly wakeAt: (at: number) => void },
): Promise<TickResult> => {
  const { state, listeners, store, settings } = ctx;
  const verdict = ctx.classify(error);
  const message = ctx.redact(describeDeliveryError(error));
  const now = ctx.clock.now();
  state.noteError(message, now, readDeliveryProblem(error, ctx.redact));
  try {
    if (verdict.kind === 'permanent') {
      const reason = ctx.redact(verdict.reason);
      // A custom classifier's problem goes through the same bounds and redaction as the error's.
      const problem = readDeliveryProblem(
        verdict.problem === undefined ? error : { problem: verdict.problem },
        ctx.redact,
      );
      await store.complete(batch.batchId, {
        delivered: [],
        deadLetters: batch.events.map((r) => ({
          eventId: r.eventId,
          reason,
          code: verdict.code,
          problem,
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
        reason,
        problem,
        at: now,
      });
      for (const r of batch.events) {
        listeners.emit({
          type: 'event.dead-lettered',
          eventId: r.eventId,
          reason,
          code: verdict.code,
          at: now,
        });
      }
      return { kind: 'dead-lettered', idempotencyKey: batch.idempotencyKey, reason };
    }
    // Aborted by stop(): hand the batch back at once, for the next start or another worker.
    const delayMs = options.stopping
      ? 0
      : computeRetryDelay(
          {
            baseDelayMs: settings.backoff.initialMs,
            maxDelayMs: settings.backoff.maxMs,
            jitter: 'full',
            // The receiver's Retry-After is honoured however long: waiting costs an outbox nothing.
            retryAfterCapMs: Number.POSITIVE_INFINITY,
          },
          batch.attempts,
          0,
          ctx.random(),
          { retryAfterMs: verdict.retryAfterMs },
        );
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
    const storeMessage = ctx.redact(describeDeliveryError(storeError));
    state.noteError(storeMessage, now);
    listeners.emit({ type: 'worker.error', error: storeMessage, at: now });
    return { kind: 'store-error', error: storeMessage };
  }
};
