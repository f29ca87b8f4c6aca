/**
 * A delivery attempt took longer than `deliveryTimeoutMs` and was aborted. Transient: the batch is
 * retried with the same idempotency key. Seen in `stats().lastError` and the event stream.
 */
export class DeliveryTimeoutError extends Error {
  readonly _tag = 'DeliveryTimeoutError' as const;
  /** Always retried: the batch may or may not have been applied; the same key is sent again. */
  readonly retryable = true as const;
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`Usage-metrics delivery timed out after ${timeoutMs} ms`, options);
    this.name = 'DeliveryTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}
