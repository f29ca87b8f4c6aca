/** Node and undici network error codes that say the connection, not the request, failed. */
const transientCodes: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/** The verdict of one error, without looking at its `cause`; `undefined` when nothing decides. */
function classifyOne(error: unknown): boolean | undefined {
  const retryable = field(error, 'retryable');
  if (typeof retryable === 'boolean') return retryable;
  const status = field(error, 'status') ?? field(error, 'statusCode');
  if (typeof status === 'number') return status >= 500 || status === 429 || status === 408;
  // This package's timeout error, and the DOMException of AbortSignal.timeout() (named TimeoutError).
  const name = field(error, 'name');
  if (name === 'ResilienceTimeoutError' || name === 'TimeoutError') return true;
  const code = field(error, 'code');
  if (typeof code === 'string' && transientCodes.has(code)) return true;
  return undefined;
}

/**
 * The one retryable/transient classification of the monorepo: every package that decides whether
 * a failure is worth another attempt (the breaker's `isFailure`, the retry's `isRetryable`,
 * metrics' delivery worker) calls this function, so they never disagree. Rules, first match wins:
 *
 * 1. the error's own boolean `retryable` (the PLM SDK sets it on every error it throws);
 * 2. a numeric `status` (or `statusCode`): 5xx, 429 and 408 are transient, every other status is not;
 * 3. a `name` of `ResilienceTimeoutError` (this package's {@link ResilienceTimeoutError}) or
 *    `TimeoutError` (the DOMException of `AbortSignal.timeout()`);
 * 4. a Node/undici network `code` (`ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, `UND_ERR_SOCKET`, …);
 * 5. otherwise the same rules on `error.cause` (one level: `fetch` nests the network error there).
 *
 * Anything else is not transient: validation errors, caller aborts, open circuits, full queues and
 * unknown errors. `isRetryableError` is the same function under the name retry code reads best with.
 * Detection is by duck typing (no `instanceof`, no class tags), so it works across packages and
 * across copies of a package.
 *
 * @example
 * ```ts
 * import { isTransientError } from '@mrp-plm/resilience';
 *
 * isTransientError({ status: 503 }); // true
 * isTransientError({ status: 404 }); // false
 * isTransientError({ status: 503, retryable: false }); // false: the error's own flag wins
 * isTransientError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })); // true
 * ```
 */
export function isTransientError(error: unknown): boolean {
  const own = classifyOne(error);
  if (own !== undefined) return own;
  const cause = field(error, 'cause');
  return cause !== undefined && cause !== error && classifyOne(cause) === true;
}

/**
 * The default retry predicate: exactly {@link isTransientError} (one classification), exported
 * under this name too because `isRetryable: isRetryableError` reads as what it decides.
 *
 * @example
 * ```ts
 * import { isRetryableError } from '@mrp-plm/resilience';
 *
 * isRetryableError({ status: 429 }); // true
 * isRetryableError(Object.assign(new Error('conflict'), { retryable: true })); // true
 * isRetryableError({ status: 503, retryable: false }); // false
 * ```
 */
export const isRetryableError: (error: unknown) => boolean = isTransientError;

/**
 * The delay a failed call asked for before the next attempt (a server's `Retry-After`), read from
 * the error's `retryAfterMs` (milliseconds, finite, not negative); `undefined` when absent.
 * {@link computeRetryDelay} honours it; exported so a caller with its own loop reads it alike.
 *
 * @example
 * ```ts
 * import { retryAfterMsOf } from '@mrp-plm/resilience';
 *
 * retryAfterMsOf({ status: 429, retryAfterMs: 2_000 }); // 2000
 * retryAfterMsOf(new Error('boom')); // undefined
 * ```
 */
export function retryAfterMsOf(error: unknown): number | undefined {
  const value = field(error, 'retryAfterMs');
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
