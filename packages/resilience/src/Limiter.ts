import { Effect } from 'effect';
import { systemClock, type Clock } from './Clock.js';
import { abortReason } from './internal/abortReason.js';
import { withoutStack } from './internal/cheapError.js';
import { onAbort } from './internal/onAbort.js';
import { LimiterQueueFullError } from './LimiterQueueFullError.js';
import type { ResilienceEventListener } from './ResilienceEvent.js';
import { rejectWith } from './internal/rejectWith.js';

/** Token-bucket rate of a {@link Limiter}. */
export interface RateLimit {
  /** Calls allowed per `intervalMs`, refilled continuously. */
  readonly limit: number;
  /** Length of the interval, in milliseconds. */
  readonly intervalMs: number;
  /**
   * Bucket size: calls that may start back to back after a quiet period.
   * @default limit
   */
  readonly burst?: number;
}

/** Options of {@link createLimiter}. */
export interface LimiterOptions {
  /**
   * Calls running at once.
   * @default 10
   */
  readonly maxConcurrent?: number;
  /**
   * Calls allowed to wait for a slot or a token; beyond it calls reject with
   * {@link LimiterQueueFullError}.
   * @default 100
   */
  readonly maxQueue?: number;
  /**
   * Optional token-bucket rate limit on starts.
   * @default undefined (no rate limit)
   */
  readonly rate?: RateLimit;
  /**
   * Time source for the token bucket.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Telemetry listener: queued and rejected calls.
   * @default undefined (no telemetry)
   */
  readonly onEvent?: ResilienceEventListener;
}

/** A concurrency and rate limiter; see {@link createLimiter}. */
export interface Limiter {
  /** Calls running now. */
  readonly running: number;
  /** Calls waiting now. */
  readonly queued: number;
  /**
   * Runs `fn` when a slot (and a token, with a rate) is free, in FIFO order. Rejects with
   * {@link LimiterQueueFullError} when the queue is full, or with the abort reason when `signal`
   * aborts while waiting.
   */
  execute<T>(fn: () => PromiseLike<T> | T, options?: { readonly signal?: AbortSignal }): Promise<T>;
  /**
   * Effect API: runs `self` under the limiter. Interruption while waiting leaves the queue;
   * interruption at any point after the slot was granted frees it.
   */
  effect<A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | LimiterQueueFullError, R>;
}

interface Waiter {
  readonly start: () => void;
  cancelled: boolean;
}

class ConcurrencyLimiter implements Limiter {
  running = 0;
  private readonly waiters: Waiter[] = [];
  private head = 0;
  /** Aborted waiters still in `waiters` (skipped by `drain`); not counted as queued. */
  private cancelled = 0;
  private readonly maxConcurrent: number;
  private readonly maxQueue: number;
  private readonly clock: Clock;
  private tokens: number;
  private refilledAt: number;
  private refillTimer: unknown = undefined;
  private readonly release = (): void => {
    this.running--;
    this.drain();
  };

  constructor(private readonly options: LimiterOptions) {
    this.maxConcurrent = options.maxConcurrent ?? 10;
    this.maxQueue = options.maxQueue ?? 100;
    this.clock = options.clock ?? systemClock;
    this.tokens = options.rate ? (options.rate.burst ?? options.rate.limit) : 0;
    this.refilledAt = options.rate ? this.clock.now() : 0;
  }

  get queued(): number {
    return this.waiters.length - this.head - this.cancelled;
  }

  execute<T>(
    fn: () => PromiseLike<T> | T,
    options?: { readonly signal?: AbortSignal },
  ): Promise<T> {
    if (this.queued === 0 && this.running < this.maxConcurrent && this.takeToken()) {
      return this.run(fn);
    }
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.queued >= this.maxQueue) {
      this.options.onEvent?.({
        type: 'limiter.rejected',
        at: this.clock.now(),
        queued: this.queued,
      });
      return Promise.reject(withoutStack(() => new LimiterQueueFullError(this.maxQueue)));
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        cancelled: false,
        start: () => {
          unsubscribe?.();
          this.run(fn).then(resolve, reject);
        },
      };
      // One shared listener per caller signal, however many calls wait on it (see onAbort).
      const unsubscribe = signal
        ? onAbort(signal, () => {
            waiter.cancelled = true;
            this.cancelled++;
            reject(abortReason(signal));
          })
        : undefined;
      this.waiters.push(waiter);
      this.options.onEvent?.({ type: 'limiter.queued', at: this.clock.now(), queued: this.queued });
      this.drain();
    });
  }

  effect<A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | LimiterQueueFullError, R> {
    return Effect.suspend(() => {
      // Set the moment the slot is granted, so the finalizer frees it whatever happens next:
      // interruption while waiting (the abort signal takes the waiter out of the queue),
      // between the grant and `self` starting, or during `self`.
      let release: (() => void) | undefined;
      const acquire = Effect.tryPromise({
        try: (signal) =>
          new Promise<void>((acquired, rejected) => {
            this.execute(
              () =>
                new Promise<void>((done) => {
                  release = done;
                  acquired();
                }),
              { signal },
            ).catch(rejected);
          }),
        catch: (error) => error as LimiterQueueFullError,
      });
      return Effect.ensuring(
        Effect.flatMap(acquire, () => self),
        Effect.sync(() => release?.()),
      );
    });
  }

  private run<T>(fn: () => PromiseLike<T> | T): Promise<T> {
    this.running++;
    let result: PromiseLike<T> | T;
    try {
      result = fn();
    } catch (error) {
      result = rejectWith(error);
    }
    const promise = Promise.resolve(result);
    promise.then(this.release, this.release);
    return promise;
  }

  private drain(): void {
    while (this.head < this.waiters.length && this.running < this.maxConcurrent) {
      const waiter = this.waiters[this.head]!;
      if (waiter.cancelled) {
        this.cancelled--;
        this.shift();
        continue;
      }
      if (!this.takeToken()) {
        this.scheduleRefill();
        return;
      }
      this.shift();
      waiter.start();
    }
  }

  private shift(): void {
    this.waiters[this.head] = undefined as unknown as Waiter;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.waiters.length) {
      this.waiters.splice(0, this.head);
      this.head = 0;
    }
  }

  private takeToken(): boolean {
    const rate = this.options.rate;
    if (!rate) return true;
    const now = this.clock.now();
    const capacity = rate.burst ?? rate.limit;
    this.tokens = Math.min(
      capacity,
      this.tokens + ((now - this.refilledAt) * rate.limit) / rate.intervalMs,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private scheduleRefill(): void {
    const rate = this.options.rate;
    if (!rate || this.refillTimer !== undefined) return;
    const wait = Math.max(1, Math.ceil(((1 - this.tokens) * rate.intervalMs) / rate.limit));
    this.refillTimer = this.clock.setTimeout(() => {
      this.refillTimer = undefined;
      this.drain();
    }, wait);
  }
}

/**
 * Creates a limiter: at most `maxConcurrent` calls run at once, up to `maxQueue` wait in FIFO order
 * (beyond that, calls reject at once with {@link LimiterQueueFullError}), and an optional token
 * bucket limits the start rate.
 *
 * @example
 * ```ts
 * import { createLimiter } from '@mrp-plm/resilience';
 *
 * const limiter = createLimiter({ maxConcurrent: 8, maxQueue: 50, rate: { limit: 20, intervalMs: 1_000 } });
 * const trim = await limiter.execute(() => sdk.getTrim('TRM-000001-01'));
 * console.log(trim.id);
 * ```
 */
export function createLimiter(options: LimiterOptions = {}): Limiter {
  return new ConcurrencyLimiter(options);
}
