import type { RetryOptions } from './retrySchedule.js';

function retryAfterOf(error: unknown): number | undefined {
  const value =
    typeof error === 'object' && error !== null
      ? (error as { retryAfterMs?: unknown }).retryAfterMs
      : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The delay before retry number `retry` (1 for the first retry). Pure; exported for tests and
 * for callers building their own loops.
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
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) {
    delay = Math.max(delay, Math.min(retryAfter, options.retryAfterCapMs ?? 30_000));
  }
  return Math.round(delay);
}
