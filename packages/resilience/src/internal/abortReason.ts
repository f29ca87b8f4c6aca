import { AbortedError } from '../AbortedError.js';
import { ResilienceTimeoutError } from '../ResilienceTimeoutError.js';

/** The error a call aborted through `signal` rejects with: our own reasons pass through. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof ResilienceTimeoutError || reason instanceof AbortedError
    ? reason
    : new AbortedError({ cause: reason });
}
