const transientTags: ReadonlySet<string> = new Set([
  'PlmNetworkError',
  'PlmTimeoutError',
  'PlmServerError',
  'PlmRateLimitedError',
  'TimeoutError',
  'NetworkError',
]);

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

function isTransientOne(error: unknown): boolean {
  const status = field(error, 'status') ?? field(error, 'statusCode');
  if (typeof status === 'number') return status >= 500 || status === 429 || status === 408;
  const tag = field(error, '_tag');
  if (typeof tag === 'string' && transientTags.has(tag)) return true;
  const name = field(error, 'name');
  if (name === 'TimeoutError') return true;
  const code = field(error, 'code');
  return typeof code === 'string' && transientCodes.has(code);
}

/**
 * The default failure classifier of the breaker and the default retry predicate: network errors,
 * timeouts, HTTP 5xx, 429 and 408 are transient; other 4xx, validation errors, caller aborts and
 * unknown errors are not. Detection is by duck-typing, so it works across packages: a numeric
 * `status`/`statusCode`, a `_tag` such as `PlmNetworkError`, `PlmTimeoutError` or `TimeoutError`, a
 * `name` of `TimeoutError`, or a Node/undici network `code` (also on `cause`, as `fetch` nests it).
 *
 * @example
 * ```ts
 * isTransientError({ status: 503 }); // true
 * isTransientError({ status: 404 }); // false
 * isTransientError(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })); // true
 * ```
 */
export function isTransientError(error: unknown): boolean {
  if (isTransientOne(error)) return true;
  const cause = field(error, 'cause');
  return cause !== undefined && cause !== error && isTransientOne(cause);
}

/**
 * The default retry predicate: an error is retryable when `error.retryable` is `true`, or when it is
 * transient ({@link isTransientError}) and not explicitly marked `retryable: false`.
 *
 * @example
 * ```ts
 * isRetryableError({ status: 429 }); // true
 * isRetryableError(Object.assign(new Error('conflict'), { retryable: true })); // true
 * isRetryableError({ status: 503, retryable: false }); // false
 * ```
 */
export function isRetryableError(error: unknown): boolean {
  const retryable = field(error, 'retryable');
  if (typeof retryable === 'boolean') return retryable;
  return isTransientError(error);
}
