/**
 * The deliver function resolved with something that is not a `202` body of
 * `POST /plm/usage-metrics` (no `results` array, or a result without a string `eventId` or a known
 * `status`). Transient under the default classification: PLM may have applied the batch, so it is
 * retried with the same idempotency key and the retry's results count. Seen in `stats().lastError`,
 * the event stream and a custom `classifyError`.
 */
export class MalformedDeliveryResponseError extends Error {
  readonly _tag = 'MalformedDeliveryResponseError' as const;
  /** Always retried: the batch may or may not have been applied; the same key is sent again. */
  readonly retryable = true as const;
  /** What is wrong with the response, e.g. `no results array`. */
  readonly problem: string;

  constructor(problem: string, options?: { cause?: unknown }) {
    super(`Usage-metrics delivery got a malformed response: ${problem}`, options);
    this.name = 'MalformedDeliveryResponseError';
    this.problem = problem;
  }
}
