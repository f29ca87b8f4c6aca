import { describe, expect, it } from 'vitest';
import { AbortedError } from './AbortedError.js';
import { CircuitOpenError } from './CircuitOpenError.js';
import { isRetryableError, isTransientError, retryAfterMsOf } from './isTransientError.js';
import { LimiterQueueFullError } from './LimiterQueueFullError.js';
import { ResilienceTimeoutError } from './ResilienceTimeoutError.js';

describe('isTransientError / isRetryableError (one classification)', () => {
  it('are the same function', () => {
    expect(isRetryableError).toBe(isTransientError);
  });

  it("lets the error's own boolean retryable win over status and code", () => {
    expect(isTransientError({ status: 503, retryable: false })).toBe(false);
    expect(isTransientError({ status: 400, retryable: true })).toBe(true);
    expect(isTransientError({ code: 'ECONNRESET', retryable: false })).toBe(false);
    expect(isTransientError(Object.assign(new Error('conflict'), { retryable: true }))).toBe(true);
    // A non-boolean flag is not a verdict: the status decides.
    expect(isTransientError({ status: 503, retryable: 'no' })).toBe(true);
  });

  it('then classifies by status: 5xx, 429 and 408 are transient, other statuses are not', () => {
    for (const status of [500, 502, 503, 504, 429, 408]) {
      expect(isTransientError({ status }), String(status)).toBe(true);
      expect(isTransientError({ statusCode: status }), `statusCode ${status}`).toBe(true);
    }
    for (const status of [400, 401, 403, 404, 409, 422]) {
      expect(isTransientError({ status }), String(status)).toBe(false);
    }
  });

  it('then by timeout name and network code, also on the cause', () => {
    expect(isTransientError(new ResilienceTimeoutError('attempt', 100))).toBe(true);
    expect(isTransientError(new DOMException('late', 'TimeoutError'))).toBe(true);
    expect(isTransientError({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isTransientError({ code: 'ERR_INVALID_ARG_TYPE' })).toBe(false);
    expect(isTransientError(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } }))).toBe(
      true,
    );
    expect(
      isTransientError(new Error('wrapped', { cause: { code: 'ECONNRESET', retryable: false } })),
    ).toBe(false);
  });

  it('does not trust tags: a tag alone (of a class that exists nowhere) decides nothing', () => {
    for (const _tag of [
      'PlmServerError',
      'PlmRateLimitedError',
      'NetworkError',
      'PlmNetworkError',
    ]) {
      expect(isTransientError({ _tag }), _tag).toBe(false);
    }
  });

  it("is false for this package's own refusals, caller aborts and unknown errors", () => {
    expect(isTransientError(new CircuitOpenError(1_000))).toBe(false);
    expect(isTransientError(new LimiterQueueFullError(10))).toBe(false);
    expect(isTransientError(new AbortedError())).toBe(false);
    expect(isTransientError(new Error('bug'))).toBe(false);
    expect(isTransientError(undefined)).toBe(false);
    expect(isTransientError('ECONNRESET')).toBe(false);
  });
});

describe('retryAfterMsOf', () => {
  it('reads a finite, non-negative retryAfterMs and nothing else', () => {
    expect(retryAfterMsOf({ retryAfterMs: 2_000 })).toBe(2_000);
    expect(retryAfterMsOf({ retryAfterMs: 0 })).toBe(0);
    expect(retryAfterMsOf({ retryAfterMs: -1 })).toBeUndefined();
    expect(retryAfterMsOf({ retryAfterMs: Number.POSITIVE_INFINITY })).toBeUndefined();
    expect(retryAfterMsOf({ retryAfterMs: '2000' })).toBeUndefined();
    expect(retryAfterMsOf(null)).toBeUndefined();
  });
});
