import type { PlmClientOptions } from '../PlmClient.js';
import { PlmClientOptionsError } from '../PlmClientOptionsError.js';

/** The longest delay `setTimeout` honours; a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Rejects options the client cannot work with, at construction rather than as a misleading error
 * on every call: a `baseUrl` that is not a URL (every call would fail like a network error), a
 * `timeoutMs` a timer cannot hold (`Infinity` and values above 2^31-1 fire after 1 ms), and a
 * refresh skew that is negative (tokens used after they expired) or `NaN` (a token per call).
 */
export function checkClientOptions(options: PlmClientOptions): void {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(options.baseUrl);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    problems.push('baseUrl must be an absolute http(s) URL');
  }
  const { timeoutMs, tokenRefreshSkewMs } = options;
  if (timeoutMs !== undefined && !(timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
    problems.push(`timeoutMs must be more than 0 and at most ${MAX_TIMER_MS} milliseconds`);
  }
  if (tokenRefreshSkewMs !== undefined && !(tokenRefreshSkewMs >= 0)) {
    problems.push('tokenRefreshSkewMs must be a non-negative number');
  }
  if (problems.length > 0) throw new PlmClientOptionsError(problems);
}
