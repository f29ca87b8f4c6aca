/**
 * The caller aborted the operation through its own `AbortSignal`; `cause` is the signal's reason.
 * Never retried and never counted as a breaker failure.
 */
export class AbortedError extends Error {
  readonly _tag = 'AbortedError' as const;

  constructor(options?: { cause?: unknown }) {
    super('Operation aborted by the caller', options);
    this.name = 'AbortedError';
  }
}
