/**
 * A batch handed to {@link DeliverFunction}. Only `events` is the request body: send
 * `{ events }`. The `idempotencyKey` travels in the `Idempotency-Key` header and never in the body
 * (a contract such as PLM's refuses an unknown `idempotencyKey` body field with a 400, which would
 * dead-letter every batch).
 *
 * @typeParam E - The event type of the outbox (what `validate` produces).
 */
export interface UsageBatch<E> {
  /**
   * The `Idempotency-Key` header value, never part of the body. It is stored with the batch before
   * the first attempt and is identical on every retry and after restarts, as are the events and
   * their order.
   */
  readonly idempotencyKey: string;
  /** The body's events: 1 to `maxBatchSize`, in recording order, exactly as validated and stored. */
  readonly events: readonly E[];
}

/** Outcome the receiver reports for one event of a batch. */
export interface UsageEventResult {
  /** The id of the event (as read by the `eventId` option of `createUsageMetrics`). */
  readonly eventId: string;
  /** `accepted`: applied now; `duplicate`: applied earlier (a success); `rejected`: never applied. */
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  /** Human-readable reason, for `rejected`. */
  readonly reason?: string | undefined;
  /** Machine-readable code, for `rejected` (e.g. `UNKNOWN_MODEL`). */
  readonly code?: string | undefined;
}

/** What {@link DeliverFunction} resolves to: one result per event (e.g. PLM's `202` body). */
export interface DeliveryResponse {
  /** The receiver's id for the batch, if it has one (reported in `batch.delivered` events). */
  readonly batchId?: string | undefined;
  /** One result per submitted event. Events missing here are re-queued and sent again later. */
  readonly results: readonly UsageEventResult[];
}

/** Options passed to each {@link DeliverFunction} call. */
export interface DeliverOptions {
  /** Aborted when the delivery times out or the worker is stopped without draining. */
  readonly signal: AbortSignal;
}

/**
 * Sends one batch. The package is transport-agnostic and knows no receiver: pass a function that
 * sends `{ events: batch.events }` as the body with `batch.idempotencyKey` as the
 * `Idempotency-Key` header. For PLM, `@mrp-plm/adapter` ships one built on the SDK client
 * (`plmUsageDelivery(client)`).
 *
 * To fail, throw (or reject with) an error. The default classification
 * ({@link classifyDeliveryError}) reads these optional properties of the error:
 * - `retryable` (boolean) and `status`/`code`, through `isRetryableError` of
 *   `@mrp-plm/resilience`; 401 and 403 keep the batch queued;
 * - `retryAfterMs`: the server's `Retry-After`, honoured as the minimum delay before the retry;
 * - `problem`: RFC 9457 problem details, kept (redacted) on the dead letters and `lastError`;
 * - `_tag`: used in stats and events to name the failure.
 *
 * Resolving with something that has no `results` array, a result without a string `eventId` or
 * with an unknown `status` fails the attempt, transiently, with
 * {@link MalformedDeliveryResponseError}.
 *
 * @typeParam E - The event type of the outbox.
 * @example
 * ```ts
 * import type { DeliverFunction, DeliveryResponse } from '@mrp-plm/metrics';
 *
 * interface PageView {
 *   readonly eventId: string;
 *   readonly path: string;
 * }
 *
 * const deliver: DeliverFunction<PageView> = async ({ idempotencyKey, events }, { signal }) => {
 *   const res = await fetch('http://127.0.0.1:4010/collect', {
 *     method: 'POST',
 *     signal,
 *     headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
 *     body: JSON.stringify({ events }),
 *   });
 *   if (res.status !== 202) {
 *     throw Object.assign(new Error(`collector answered ${res.status}`), { status: res.status });
 *   }
 *   return (await res.json()) as DeliveryResponse;
 * };
 * ```
 */
export type DeliverFunction<E> = (
  batch: UsageBatch<E>,
  options: DeliverOptions,
) => Promise<DeliveryResponse>;
