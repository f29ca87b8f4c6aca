import { Effect } from 'effect';
import { abortReason } from './internal/abortReason.js';
import { childSignal } from './internal/onAbort.js';
import { systemClock } from './Clock.js';
import { withClock } from './internal/effectClock.js';
import { createRetryBudget, type RetryBudget } from './RetryBudget.js';
import { makeRetrySchedule, type RetryRunState } from './internal/makeRetrySchedule.js';
import type { RetryOptions } from './retrySchedule.js';
import { rejectWith } from './internal/rejectWith.js';

/** What each attempt of a retried operation receives. */
export interface AttemptContext {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /**
   * Aborted when the caller aborts (or the deadline passes) or the retry loop is interrupted; pass
   * it to the HTTP client. Undefined on a first attempt made without a caller signal.
   */
  readonly signal: AbortSignal | undefined;
}

/** Per-call options of {@link Retry.execute}. */
export interface RetryCallOptions {
  /**
   * Overrides the policy's `idempotent` for this call.
   * @default the policy's `idempotent`
   */
  readonly idempotent?: boolean;
  /**
   * Cancels the call: the running attempt is aborted and no further retry starts.
   * @default undefined
   */
  readonly signal?: AbortSignal;
}

/** A retry policy with a Promise API; see {@link createRetry}. */
export interface Retry {
  /** The budget shared by this policy's calls (undefined when disabled). */
  readonly budget: RetryBudget | undefined;
  /**
   * Runs `fn`, retrying retryable failures of idempotent operations per the policy. Rejects with
   * the last error when retrying stops, or with the signal's reason (`ResilienceTimeoutError` for a
   * deadline, `AbortedError` otherwise) when aborted.
   */
  execute<T>(
    fn: (context: AttemptContext) => PromiseLike<T> | T,
    options?: RetryCallOptions,
  ): Promise<T>;
}

const firstAttempt: AttemptContext = Object.freeze({ attempt: 1, signal: undefined });

class RetryPolicy implements Retry {
  readonly budget: RetryBudget | undefined;
  private readonly onFirstSuccess: <T>(value: T) => T;

  constructor(private readonly options: RetryOptions) {
    this.budget = options.budget === false ? undefined : (options.budget ?? createRetryBudget());
    const budget = this.budget;
    this.onFirstSuccess = budget
      ? <T>(value: T): T => {
          budget.onSuccess(0);
          return value;
        }
      : <T>(value: T): T => value;
  }

  execute<T>(
    fn: (context: AttemptContext) => PromiseLike<T> | T,
    options?: RetryCallOptions,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const startedAt = (this.options.clock ?? systemClock).now();
    let result: PromiseLike<T> | T;
    try {
      result = fn(signal ? { attempt: 1, signal } : firstAttempt);
    } catch (error) {
      result = rejectWith(error);
    }
    // The first attempt runs outside Effect: the happy path costs one `.then`.
    return Promise.resolve(result).then(this.onFirstSuccess, (error: unknown) =>
      this.retryAfter(error, fn, options, startedAt),
    );
  }

  private retryAfter<T>(
    firstError: unknown,
    fn: (context: AttemptContext) => PromiseLike<T> | T,
    options: RetryCallOptions | undefined,
    startedAt: number,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (!(options?.idempotent ?? this.options.idempotent ?? false)) {
      this.options.onEvent?.({
        type: 'retry.stopped',
        at: (this.options.clock ?? systemClock).now(),
        attempts: 1,
        reason: 'notIdempotent',
        error: firstError,
      });
      return rejectWith(firstError);
    }
    const state: RetryRunState = { startedAt, lastCost: 0 };
    let attempt = 1;
    const attemptEffect = Effect.suspend(() => {
      if (attempt === 1) {
        attempt = 2;
        return Effect.fail(firstError);
      }
      const context = { attempt, signal: undefined as AbortSignal | undefined };
      attempt++;
      return Effect.tryPromise({
        try: (effectSignal) => {
          context.signal = effectSignal;
          return Promise.resolve(fn(context));
        },
        catch: (error) => error,
      });
    });
    const budget = this.budget;
    const program = Effect.retry(attemptEffect, {
      schedule: makeRetrySchedule(this.options, budget, state),
    }).pipe(Effect.tap(() => Effect.sync(() => budget?.onSuccess(state.lastCost))));
    // Effect adds a listener per run to the signal it is given: give it a child of the caller's
    // signal, so concurrent calls sharing one caller signal add one listener to it, not one each.
    const child = signal ? childSignal(signal) : undefined;
    const run = Effect.runPromise(
      withClock(program, this.options.clock),
      child ? { signal: child.signal } : undefined,
    );
    if (child) run.then(child.release, child.release);
    return run.catch((error: unknown) => {
      if (signal?.aborted) {
        this.options.onEvent?.({
          type: 'retry.stopped',
          at: (this.options.clock ?? systemClock).now(),
          attempts: attempt - 1,
          reason: 'aborted',
          error,
        });
        throw abortReason(signal);
      }
      throw error;
    });
  }
}

/**
 * Creates a retry policy with a Promise API. The retry loop is the Effect program of
 * {@link retryEffect} (an Effect `Schedule`), entered only after a first failure, so successful calls
 * stay cheap. Only idempotent operations are retried (`idempotent: true` on the policy or call).
 *
 * @example
 * ```ts
 * import { createRetry } from '@mrp-plm/resilience';
 *
 * const retry = createRetry({ idempotent: true, maxAttempts: 4, jitter: 'decorrelated' });
 * const config = await retry.execute(({ signal }) =>
 *   sdk.getModelConfig('MDL-000001', { signal }),
 * );
 * console.log(config.id);
 * ```
 */
export function createRetry(options: RetryOptions = {}): Retry {
  return new RetryPolicy(options);
}
