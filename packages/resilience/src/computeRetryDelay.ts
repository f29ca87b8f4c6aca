import { retryAfterMsOf } from './isTransientError.js';
import type { RetryOptions } from './retrySchedule.js';

/**
 * The delay before retry number `retry` (1 for the first retry): exponential from `baseDelayMs`,
 * capped at `maxDelayMs`, with `jitter` (default `full`: a uniform draw in [0, that delay]), and never
 * shorter than the error's `retryAfterMs` (capped at `retryAfterCapMs`). Pure: `random` is a draw in
 * [0, 1). This is the monorepo's one backoff: the retry policy uses it, and so does any other loop
 * (metrics' delivery worker) instead of a copy.
 *
 * @example
 * ```ts
 * import { computeRetryDelay } from '@mrp-plm/resilience';
 *
 * // Third retry, full jitter between 0 and min(10 s, 200 ms · 2²) = 800 ms.
 * const delayMs = computeRetryDelay({ baseDelayMs: 200, maxDelayMs: 10_000 }, 3, 0, Math.random());
 * // A 429 asking for 5 s waits at least 5 s.
 * computeRetryDelay({ jitter: 'full' }, 1, 0, 0.5, { status: 429, retryAfterMs: 5_000 }); // 5000
 * ```
 */
export function computeRetryDelay(
  options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'jitter' | 'retryAfterCapMs'>,
  retry: number,
  previousDelayMs: number,
  random: number,
  error?: unknown,
): number {
  const base = options.baseDelayMs ?? 100;
  const max = options.maxDelayMs ?? 10_000;
  const exponential = Math.min(max, base * 2 ** (retry - 1));
  let delay: number;
  switch (options.jitter ?? 'full') {
    case 'none':
      delay = exponential;
      break;
    case 'full':
      delay = random * exponential;
      break;
    case 'decorrelated': {
      const upper = Math.max(base, previousDelayMs * 3);
      delay = Math.min(max, base + random * (upper - base));
      break;
    }
  }
  const retryAfter = retryAfterMsOf(error);
  if (retryAfter !== undefined) {
    delay = Math.max(delay, Math.min(retryAfter, options.retryAfterCapMs ?? 30_000));
  }
  return Math.round(delay);
}
