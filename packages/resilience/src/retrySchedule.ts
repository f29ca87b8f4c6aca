import type { Schedule } from 'effect';
import type { Clock } from './Clock.js';
import { makeRetrySchedule } from './internal/makeRetrySchedule.js';
import type { ResilienceEventListener } from './ResilienceEvent.js';
import type { RetryBudget } from './RetryBudget.js';

/** Options shared by {@link retrySchedule}, {@link retryEffect} and {@link createRetry}. */
export interface RetryOptions {
  /**
   * Total attempts, the first one included.
   * @default 3
   */
  readonly maxAttempts?: number;
  /**
   * Base of the exponential backoff, in milliseconds.
   * @default 100
   */
  readonly baseDelayMs?: number;
  /**
   * Largest backoff delay, in milliseconds (before `retryAfterMs` is applied).
   * @default 10000
   */
  readonly maxDelayMs?: number;
  /**
   * `full`: uniform in [0, base·2ⁿ⁻¹] (capped); `decorrelated`: uniform in [base, 3·previous]
   * (capped); `none`: exactly base·2ⁿ⁻¹ (capped).
   * @default 'full'
   */
  readonly jitter?: 'full' | 'decorrelated' | 'none';
  /**
   * No retry starts once this much time has passed since the first attempt (or would have passed
   * after the next delay).
   * @default undefined (no limit)
   */
  readonly maxElapsedMs?: number;
  /**
   * An error's `retryAfterMs` (e.g. from `Retry-After`) sets the minimum delay, capped at this.
   * @default 30000
   */
  readonly retryAfterCapMs?: number;
  /**
   * Which errors may be retried.
   * @default isRetryableError (the error's own `retryable` flag, then status and network-code rules)
   */
  readonly isRetryable?: (error: unknown) => boolean;
  /**
   * Whether the operation may be repeated safely. Non-idempotent operations are never retried.
   * @default false
   */
  readonly idempotent?: boolean;
  /**
   * Token bucket limiting retries; `false` disables it. {@link createRetry} creates one per policy
   * when omitted; {@link retrySchedule} and {@link retryEffect} use none unless given one.
   * @default createRetryBudget() for createRetry, none otherwise
   */
  readonly budget?: RetryBudget | false;
  /**
   * Source of randomness for jitter, in [0, 1).
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * Time source for delays and elapsed time.
   * @default systemClock (Effect's clock for the Effect API)
   */
  readonly clock?: Clock;
  /**
   * Telemetry listener: scheduled retries and the reason retrying stopped.
   * @default undefined (no telemetry)
   */
  readonly onEvent?: ResilienceEventListener;
}

/**
 * The retry policy as an Effect `Schedule` fed with the failure: exponential backoff with full or
 * decorrelated jitter, `maxAttempts`, `maxElapsedMs`, `retryAfterMs` honoured (capped), only
 * retryable errors, and the retry budget when one is given. Its output is the delay in ms.
 * `idempotent` is not checked here: use {@link retryEffect}, which does.
 *
 * @example
 * ```ts
 * import { Effect } from 'effect';
 * import { retrySchedule } from '@mrp-plm/resilience';
 *
 * const fetchConfig = Effect.tryPromise({
 *   try: (signal) => sdk.getModelConfig('MDL-000001', { signal }),
 *   catch: (e) => e,
 * });
 * const program = Effect.retry(fetchConfig, retrySchedule({ maxAttempts: 4, jitter: 'decorrelated' }));
 * ```
 */
export function retrySchedule(options: RetryOptions = {}): Schedule.Schedule<number, unknown> {
  return makeRetrySchedule(options, options.budget || undefined, {
    startedAt: undefined,
    lastCost: 0,
  });
}
