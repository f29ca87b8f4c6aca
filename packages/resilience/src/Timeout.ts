import { Effect } from 'effect';
import { systemClock, type Clock } from './Clock.js';
import { withClock } from './internal/effectClock.js';
import { runWithTimeout } from './internal/runWithTimeout.js';
import type { ResilienceEventListener } from './ResilienceEvent.js';
import { ResilienceTimeoutError } from './ResilienceTimeoutError.js';

/** Options of {@link createTimeout}. */
export interface TimeoutOptions {
  /**
   * Time limit of one call, in milliseconds.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * `attempt` for a per-attempt timeout; `deadline` for an overall deadline around retries.
   * @default 'attempt'
   */
  readonly scope?: 'attempt' | 'deadline';
  /**
   * Time source for the timer.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Telemetry listener: timeouts.
   * @default undefined (no telemetry)
   */
  readonly onEvent?: ResilienceEventListener;
}

/** A timeout with a Promise API; see {@link createTimeout}. */
export interface Timeout {
  readonly timeoutMs: number;
  /**
   * Runs `fn` with an AbortSignal that is aborted (reason: {@link ResilienceTimeoutError}) when the time is
   * up, or when `options.signal` aborts. Rejects at that moment, without waiting for `fn`.
   */
  execute<T>(
    fn: (signal: AbortSignal) => PromiseLike<T> | T,
    options?: { readonly signal?: AbortSignal | undefined },
  ): Promise<T>;
}

/**
 * Creates a timeout that really cancels: the function receives an `AbortSignal`, so passing it to
 * `fetch` (or the SDK) closes the HTTP request when the time is up.
 *
 * @example
 * ```ts
 * import { createTimeout } from '@mrp-plm/resilience';
 *
 * const timeout = createTimeout({ timeoutMs: 2_000 });
 * const res = await timeout.execute((signal) => fetch('http://127.0.0.1:4010/health', { signal }));
 * console.log(res.status);
 * ```
 */
export function createTimeout(options: TimeoutOptions = {}): Timeout {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const scope = options.scope ?? 'attempt';
  const clock = options.clock ?? systemClock;
  return {
    timeoutMs,
    execute: (fn, callOptions) =>
      runWithTimeout(fn, timeoutMs, scope, clock, callOptions?.signal, options.onEvent),
  };
}

/**
 * Effect API: fails with {@link ResilienceTimeoutError} when `self` takes longer than `timeoutMs`, and
 * interrupts it (an effect built with `Effect.tryPromise` sees its AbortSignal aborted).
 *
 * @example
 * ```ts
 * import { Effect } from 'effect';
 * import { timeoutEffect } from '@mrp-plm/resilience';
 *
 * const get = Effect.tryPromise({
 *   try: (signal) => fetch('http://127.0.0.1:4010/health', { signal }),
 *   catch: (e) => e,
 * });
 * const limited = timeoutEffect(get, 2_000);
 * console.log((await Effect.runPromise(limited)).status);
 * ```
 */
export function timeoutEffect<A, E, R>(
  self: Effect.Effect<A, E, R>,
  timeoutMs: number,
  options: Pick<TimeoutOptions, 'scope' | 'clock'> = {},
): Effect.Effect<A, E | ResilienceTimeoutError, R> {
  const scope = options.scope ?? 'attempt';
  return withClock(
    Effect.timeoutOrElse(self, {
      duration: timeoutMs,
      orElse: () => Effect.fail(new ResilienceTimeoutError(scope, timeoutMs)),
    }),
    options.clock,
  );
}
