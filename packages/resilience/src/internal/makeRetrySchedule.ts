import { Cause, Duration, Effect, Schedule } from 'effect';
import { computeRetryDelay } from '../computeRetryDelay.js';
import { isRetryableError } from '../isTransientError.js';
import type { RetryStopReason } from '../ResilienceEvent.js';
import type { RetryBudget } from '../RetryBudget.js';
import type { RetryOptions } from '../retrySchedule.js';

/** Per-run bookkeeping shared between a schedule and the code running it. */
export interface RetryRunState {
  /** Clock time the first attempt started; the schedule's own start when undefined. */
  startedAt: number | undefined;
  /** Budget tokens paid for the latest retry, refunded if it succeeds. */
  lastCost: number;
}

/** Builds the retry schedule with run state shared with the code running it. */
export function makeRetrySchedule(
  options: RetryOptions,
  budget: RetryBudget | undefined,
  state: RetryRunState,
): Schedule.Schedule<number, unknown> {
  const maxAttempts = options.maxAttempts ?? 3;
  const isRetryable = options.isRetryable ?? isRetryableError;
  const random = options.random ?? Math.random;
  const onEvent = options.onEvent;
  return Schedule.fromStepWithMetadata(
    Effect.sync(() => {
      let previous = options.baseDelayMs ?? 100;
      return (meta: Schedule.InputMetadata<unknown>) => {
        const error = meta.input;
        const attempts = meta.attempt;
        const stop = (reason: RetryStopReason) => {
          onEvent?.({ type: 'retry.stopped', at: meta.now, attempts, reason, error });
          return Cause.done(attempts);
        };
        if (!isRetryable(error)) return stop('notRetryable');
        if (attempts >= maxAttempts) return stop('maxAttempts');
        const delay = computeRetryDelay(options, attempts, previous, random(), error);
        const elapsed = meta.now - (state.startedAt ?? meta.start);
        if (options.maxElapsedMs !== undefined && elapsed + delay > options.maxElapsedMs) {
          return stop('maxElapsed');
        }
        if (budget !== undefined) {
          const cost = budget.tryAcquire(error);
          if (cost === 0) return stop('budgetExhausted');
          state.lastCost = cost;
        }
        previous = delay;
        onEvent?.({
          type: 'retry.scheduled',
          at: meta.now,
          attempt: attempts + 1,
          delayMs: delay,
          error,
        });
        return Effect.succeed([delay, Duration.millis(delay)] as [number, Duration.Duration]);
      };
    }),
  );
}
