import type { UsageEvent } from './UsageEvent.js';

/** A batch handed to {@link DeliverFunction}: the body of `POST /plm/usage-metrics`. */
export interface UsageBatch {
  /**
   * The `Idempotency-Key` header value. It is stored with the batch before the first attempt and
   * is identical on every retry and after restarts, as are the events and their order.
   */
  readonly idempotencyKey: string;
  /** 1 to `maxBatchSize` events, in recording order. */
  readonly events: readonly UsageEvent[];
}

/** Outcome PLM reports for one event of a batch (`UsageEventResult` in the contract). */
export interface UsageEventResult {
  readonly eventId: string;
  /** `accepted`: applied now; `duplicate`: applied earlier (a success); `rejected`: never applied. */
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  /** Human-readable reason, for `rejected`. */
  readonly reason?: string | undefined;
  /** Machine-readable code, for `rejected` (e.g. `UNKNOWN_MODEL`). */
  readonly code?: string | undefined;
}

/** What {@link DeliverFunction} resolves to: the `202` body of `POST /plm/usage-metrics`. */
export interface DeliveryResponse {
  /** PLM's id for the batch; the same on replays of one idempotency key. */
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
 * Sends one batch to PLM. The package is transport-agnostic: the integration passes a function
 * that calls `POST /plm/usage-metrics` (for instance through `@mrp-plm/plm-sdk`).
 *
 * To fail, throw (or reject with) an error. The default classification
 * ({@link classifyDeliveryError}) reads these optional properties of the error:
 * - `status`: HTTP status; 4xx other than 401, 403, 408 and 429 is permanent for the whole batch;
 * - `retryAfterMs`: the server's `Retry-After`, honoured as the minimum delay before the retry;
 * - `_tag`: used in stats and events to name the failure.
 *
 * Resolving with something that is not a `202` body (no `results` array, a result without a
 * string `eventId` or with an unknown `status`) fails the attempt, transiently, with
 * {@link MalformedDeliveryResponseError}.
 *
 * @example
 * ```ts
 * const deliver: DeliverFunction = async ({ idempotencyKey, events }, { signal }) => {
 *   const res = await fetch(`${base}/plm/usage-metrics`, {
 *     method: 'POST', signal,
 *     headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
 *     body: JSON.stringify({ events }),
 *   });
 *   if (res.status !== 202) throw Object.assign(new Error(`PLM ${res.status}`), { status: res.status });
 *   return (await res.json()) as DeliveryResponse;
 * };
 * ```
 */
export type DeliverFunction = (
  batch: UsageBatch,
  options: DeliverOptions,
) => Promise<DeliveryResponse>;
