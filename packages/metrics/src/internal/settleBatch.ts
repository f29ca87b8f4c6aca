import { describeDeliveryError } from '../classifyDeliveryError.js';
import type { DeliveryResponse } from '../DeliverFunction.js';
import type { TickResult } from '../UsageMetrics.js';
import type { ClaimedBatch, DeadLetterEntry } from '../OutboxStore.js';
import type { MetricsContext } from './MetricsContext.js';

/**
 * Applies PLM's per-event results of a successful attempt: accepted and duplicate events leave the
 * outbox, rejected ones go to the dead letters, events missing from the response are re-queued.
 * One store transaction, then counters, latency and events.
 */
export const settleBatch = async <E, Tx>(
  ctx: MetricsContext<E, Tx>,
  batch: ClaimedBatch,
  response: DeliveryResponse,
): Promise<TickResult> => {
  const { state, listeners } = ctx;
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
        reason: ctx.redact(result.reason ?? 'rejected by the receiver'),
        code: result.code,
      });
    } else {
      delivered.push(record.eventId);
      if (result.status === 'duplicate') duplicates += 1;
    }
  }
  const now = ctx.clock.now();
  try {
    await ctx.store.complete(batch.batchId, {
      delivered,
      deadLetters,
      requeue,
      attempts: batch.attempts,
      now,
    });
  } catch (error) {
    // PLM has the batch; the lease expires and a retry with the same key gets the same results.
    const message = ctx.redact(describeDeliveryError(error));
    state.noteError(message, now);
    listeners.emit({ type: 'worker.error', error: message, at: now });
    return { kind: 'store-error', error: message };
  }
  state.addPending(-(delivered.length + deadLetters.length));
  state.delivered += delivered.length;
  state.duplicates += duplicates;
  state.deadLettered += deadLetters.length;
  const recordedAt = new Map(batch.events.map((r) => [r.eventId, r.recordedAt]));
  for (const id of delivered) state.latency.add(now - recordedAt.get(id)!);
  for (const dead of deadLetters) {
    listeners.emit({
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
  listeners.emit({ type: 'batch.delivered', plmBatchId: response.batchId, ...result, at: now });
  return { kind: 'delivered', ...result };
};
