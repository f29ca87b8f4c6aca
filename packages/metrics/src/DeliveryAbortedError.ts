/**
 * The abort reason a deliver function sees on its `signal` when `stop()` ends an attempt without
 * draining. The batch goes back to the outbox at once, with the same idempotency key, for the next
 * start or another worker.
 */
export class DeliveryAbortedError extends Error {
  readonly _tag = 'DeliveryAbortedError' as const;
  /** Always retried: the batch may or may not have been applied; the same key is sent again. */
  readonly retryable = true as const;

  constructor(options?: { cause?: unknown }) {
    super('Usage-metrics delivery aborted: the worker was stopped', options);
    this.name = 'DeliveryAbortedError';
  }
}
