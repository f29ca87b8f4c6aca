/**
 * The limiter's queue was full (or `maxQueue` is 0 and every slot was busy): the call was rejected
 * without running. Shed load or serve a fallback.
 */
export class LimiterQueueFullError extends Error {
  readonly _tag = 'LimiterQueueFullError' as const;
  /** The configured queue bound that was reached. */
  readonly maxQueue: number;

  constructor(maxQueue: number, options?: { cause?: unknown }) {
    super(`Limiter queue is full (${maxQueue} waiting)`, options);
    this.name = 'LimiterQueueFullError';
    this.maxQueue = maxQueue;
  }
}
