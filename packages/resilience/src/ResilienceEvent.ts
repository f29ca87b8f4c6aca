import type { CacheStatus } from './Cache.js';
import type { CircuitState } from './CircuitBreaker.js';

/** Why a breaker changed state. */
export type TransitionReason =
  | 'failureThreshold'
  | 'failureRate'
  | 'probeFailed'
  | 'probesSucceeded'
  | 'openElapsed'
  | 'isolated'
  | 'reset';

/** Why a retry loop stopped retrying while the operation was still failing. */
export type RetryStopReason =
  'notRetryable' | 'notIdempotent' | 'maxAttempts' | 'maxElapsed' | 'budgetExhausted' | 'aborted';

/**
 * One event of the typed telemetry stream shared by every piece of the package. `at` is the
 * injected clock's time in milliseconds. Feed it to logs, metrics or a health page.
 *
 * `type` follows the monorepo's convention, lower-case dotted `area.what-happened`:
 * `breaker.transition`, `breaker.rejected`, `retry.scheduled`, `retry.stopped`, `timeout.fired`,
 * `limiter.queued`, `limiter.rejected`, `cache.served`, `cache.store-error` and `call.settled`.
 *
 * @example
 * ```ts
 * import type { ResilienceEvent } from '@mrp-plm/resilience';
 *
 * function log(event: ResilienceEvent): void {
 *   if (event.type === 'breaker.transition') console.warn(`${event.name}: ${event.from} -> ${event.to}`);
 *   if (event.type === 'cache.served') console.debug(`${event.key}: ${event.status}`);
 * }
 * ```
 */
export type ResilienceEvent =
  | {
      readonly type: 'breaker.transition';
      readonly at: number;
      readonly name: string;
      readonly from: CircuitState | 'isolated';
      readonly to: CircuitState | 'isolated';
      readonly reason: TransitionReason;
    }
  | {
      readonly type: 'breaker.rejected';
      readonly at: number;
      readonly name: string;
      readonly retryAfterMs: number;
    }
  | {
      readonly type: 'retry.scheduled';
      readonly at: number;
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: unknown;
    }
  | {
      readonly type: 'retry.stopped';
      readonly at: number;
      readonly attempts: number;
      readonly reason: RetryStopReason;
      readonly error: unknown;
    }
  | {
      readonly type: 'timeout.fired';
      readonly at: number;
      readonly scope: 'attempt' | 'deadline';
      readonly timeoutMs: number;
    }
  | { readonly type: 'limiter.rejected'; readonly at: number; readonly queued: number }
  | { readonly type: 'limiter.queued'; readonly at: number; readonly queued: number }
  | {
      readonly type: 'cache.served';
      readonly at: number;
      readonly key: string;
      readonly status: CacheStatus;
      readonly ageMs: number;
    }
  | {
      readonly type: 'cache.store-error';
      readonly at: number;
      readonly operation: string;
      readonly error: unknown;
    }
  | {
      readonly type: 'call.settled';
      readonly at: number;
      readonly outcome: 'success' | 'failure';
      readonly latencyMs: number;
      readonly error?: unknown;
    };

/** Receives {@link ResilienceEvent}s. Must not throw; it runs on the caller's path. */
export type ResilienceEventListener = (event: ResilienceEvent) => void;
