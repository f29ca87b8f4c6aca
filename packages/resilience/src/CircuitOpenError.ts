/**
 * The circuit is open (or isolated): the call was rejected at once and the function was not called.
 * Wait `retryAfterMs` before trying again, or serve a fallback.
 */
export class CircuitOpenError extends Error {
  readonly _tag = 'CircuitOpenError' as const;
  /** Milliseconds until the breaker admits a probe; `Infinity` while isolated. */
  readonly retryAfterMs: number;
  /** True when the breaker was opened by hand with `isolate()`. */
  readonly isolated: boolean;

  constructor(retryAfterMs: number, isolated = false, options?: { cause?: unknown }) {
    super(
      isolated ? 'Circuit is isolated' : `Circuit is open; retry after ${retryAfterMs} ms`,
      options,
    );
    this.name = 'CircuitOpenError';
    this.retryAfterMs = retryAfterMs;
    this.isolated = isolated;
  }
}
