import { Effect } from 'effect';
import { withClock } from './internal/effectClock.js';
import { makeRetrySchedule, type RetryRunState } from './internal/makeRetrySchedule.js';
import type { RetryOptions } from './retrySchedule.js';

/**
 * Retries an Effect with {@link retrySchedule}, and only when `options.idempotent` is true; a
 * success refunds or refills the budget. With `options.clock`, delays run on that clock.
 *
 * @example
 * ```ts
 * import { Effect } from 'effect';
 * import { createRetryBudget, retryEffect } from '@mrp-plm/resilience';
 *
 * const budget = createRetryBudget();
 * const getConfig = Effect.tryPromise({
 *   try: (signal) => sdk.getModelConfig('MDL-000001', { signal }),
 *   catch: (e) => e,
 * });
 * const resilient = retryEffect(getConfig, { idempotent: true, maxAttempts: 3, budget });
 * ```
 */
export function retryEffect<A, E, R>(
  self: Effect.Effect<A, E, R>,
  options: RetryOptions = {},
): Effect.Effect<A, E, R> {
  if (options.idempotent !== true) return self;
  const budget = options.budget || undefined;
  const program = Effect.suspend(() => {
    const state: RetryRunState = { startedAt: undefined, lastCost: 0 };
    return Effect.retry(self, { schedule: makeRetrySchedule(options, budget, state) }).pipe(
      Effect.tap(() => Effect.sync(() => budget?.onSuccess(state.lastCost))),
    );
  });
  return withClock(program, options.clock);
}
