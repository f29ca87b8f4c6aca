/** Backoff settings (see `UsageMetricsOptions.backoff`). */
export interface BackoffSettings {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Delay before attempt `attempt + 1`: "full jitter" exponential backoff (a uniform draw in
 * [0, min(max, initial·2^(attempt-1))]), never shorter than the server's `Retry-After`.
 */
export const backoffDelay = (
  attempt: number,
  settings: BackoffSettings,
  random: () => number,
  retryAfterMs: number | undefined,
): number => {
  const ceiling = Math.min(settings.maxMs, settings.initialMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
};
