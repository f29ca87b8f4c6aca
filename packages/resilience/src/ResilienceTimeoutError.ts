/**
 * An attempt exceeded its timeout, or the whole call exceeded its deadline. The operation's
 * `AbortSignal` was aborted with this error as its reason.
 *
 * Named apart from Effect's own `TimeoutError` tag, so `Effect.catchTag` tells the two apart.
 */
export class ResilienceTimeoutError extends Error {
  readonly _tag = 'ResilienceTimeoutError' as const;
  /** `attempt` for a per-attempt timeout, `deadline` for the overall deadline. */
  readonly scope: 'attempt' | 'deadline';
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(scope: 'attempt' | 'deadline', timeoutMs: number, options?: { cause?: unknown }) {
    super(
      scope === 'attempt'
        ? `Attempt timed out after ${timeoutMs} ms`
        : `Deadline of ${timeoutMs} ms exceeded`,
      options,
    );
    this.name = 'ResilienceTimeoutError';
    this.scope = scope;
    this.timeoutMs = timeoutMs;
  }
}
