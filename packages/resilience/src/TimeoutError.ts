/**
 * An attempt exceeded its timeout, or the whole call exceeded its deadline. The operation's
 * `AbortSignal` was aborted with this error as its reason.
 */
export class TimeoutError extends Error {
  readonly _tag = 'TimeoutError' as const;
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
    this.name = 'TimeoutError';
    this.scope = scope;
    this.timeoutMs = timeoutMs;
  }
}
