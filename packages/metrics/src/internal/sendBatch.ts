import type { DeliveryResponse } from '../DeliverFunction.js';
import { DeliveryTimeoutError } from '../DeliveryTimeoutError.js';
import type { ClaimedBatch } from '../OutboxStore.js';
import type { MetricsContext } from './MetricsContext.js';
import { parseDeliveryResponse } from './parseDeliveryResponse.js';

/**
 * One delivery attempt of a claimed batch: calls the deliver function with the batch's stored
 * body and key, aborts it after `deliveryTimeoutMs` (or when `controller` is aborted by `stop()`),
 * and checks the response. Rejects with whatever the attempt failed with.
 */
export const sendBatch = async <E, Tx>(
  ctx: MetricsContext<E, Tx>,
  batch: ClaimedBatch,
  controller: AbortController,
): Promise<DeliveryResponse> => {
  const { clock } = ctx;
  const timeoutMs = ctx.settings.deliveryTimeoutMs;
  let timer: unknown;
  try {
    const events = batch.events.map((r) => JSON.parse(r.payload) as E);
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), {
        once: true,
      });
    });
    timer = clock.setTimeout(
      () => controller.abort(new DeliveryTimeoutError(timeoutMs)),
      timeoutMs,
    );
    // Racing the abort means a deliver function that ignores its signal still times out.
    const response: unknown = await Promise.race([
      ctx.deliver({ idempotencyKey: batch.idempotencyKey, events }, { signal: controller.signal }),
      aborted,
    ]);
    return parseDeliveryResponse(response);
  } finally {
    clock.clearTimeout(timer);
  }
};
