import { createCache, type Cache, type CacheOptions, type CacheResult } from './Cache.js';
import {
  createCircuitBreaker,
  type CircuitBreaker,
  type CircuitBreakerOptions,
} from './CircuitBreaker.js';
import { systemClock, type Clock } from './Clock.js';
import { runWithTimeout } from './internal/runWithTimeout.js';
import { createLimiter, type Limiter, type LimiterOptions } from './Limiter.js';
import type { ResilienceEvent, ResilienceEventListener } from './ResilienceEvent.js';
import { createRetry, type AttemptContext, type Retry } from './Retry.js';
import type { RetryOptions } from './retrySchedule.js';

/** Options of {@link createPolicy}; leave a part out to skip it. */
export interface PolicyOptions<V> {
  /**
   * Cache in front of everything (used by {@link Policy.get}).
   * @default undefined (no cache)
   */
  readonly cache?: Omit<CacheOptions<V>, 'clock' | 'onEvent'>;
  /**
   * Concurrency and rate limiter.
   * @default undefined (no limiter)
   */
  readonly limiter?: Omit<LimiterOptions, 'clock' | 'onEvent'>;
  /**
   * Circuit breaker.
   * @default undefined (no breaker)
   */
  readonly breaker?: Omit<CircuitBreakerOptions, 'clock' | 'onEvent'>;
  /**
   * Retry policy.
   * @default undefined (no retry)
   */
  readonly retry?: Omit<RetryOptions, 'clock' | 'onEvent'>;
  /**
   * Per-attempt timeout, in milliseconds.
   * @default undefined (no per-attempt timeout)
   */
  readonly attemptTimeoutMs?: number;
  /**
   * Overall deadline of one call (queueing, attempts and backoff), in milliseconds.
   * @default undefined (no deadline)
   */
  readonly deadlineMs?: number;
  /**
   * Time source shared by every part.
   * @default systemClock
   */
  readonly clock?: Clock;
}

/** Per-call options of {@link Policy.execute} and {@link Policy.get}. */
export interface PolicyCallOptions {
  /**
   * Overrides the retry policy's `idempotent` for this call.
   * @default the retry policy's `idempotent`
   */
  readonly idempotent?: boolean;
  /**
   * Cancels the call.
   * @default undefined
   */
  readonly signal?: AbortSignal;
  /**
   * Cache TTL override (for {@link Policy.get}).
   * @default the cache's `ttlMs`
   */
  readonly ttlMs?: number;
  /**
   * Cache tags (for {@link Policy.get}).
   * @default []
   */
  readonly tags?: readonly string[];
}

/** Cache → limiter → breaker → retry → timeout, with one telemetry stream; see {@link createPolicy}. */
export interface Policy<V> {
  readonly cache: Cache<V> | undefined;
  readonly limiter: Limiter | undefined;
  readonly breaker: CircuitBreaker | undefined;
  readonly retry: Retry | undefined;
  /** Runs `fn` through limiter, breaker, retry and timeout (not the cache). */
  execute<T>(
    fn: (context: AttemptContext) => PromiseLike<T> | T,
    options?: PolicyCallOptions,
  ): Promise<T>;
  /** Reads `key` through the cache, loading with {@link Policy.execute} on a miss. */
  get(
    key: string,
    fn: (context: AttemptContext) => PromiseLike<V> | V,
    options?: PolicyCallOptions,
  ): Promise<CacheResult<V>>;
  /** Listens to every event of every part; returns the unsubscribe function. */
  subscribe(listener: ResilienceEventListener): () => void;
}

class ComposedPolicy<V> implements Policy<V> {
  readonly cache: Cache<V> | undefined;
  readonly limiter: Limiter | undefined;
  readonly breaker: CircuitBreaker | undefined;
  readonly retry: Retry | undefined;
  private readonly listeners = new Set<ResilienceEventListener>();
  private readonly clock: Clock;
  private readonly emit: ResilienceEventListener = (event: ResilienceEvent) => {
    for (const listener of this.listeners) listener(event);
  };

  constructor(private readonly options: PolicyOptions<V>) {
    const clock = (this.clock = options.clock ?? systemClock);
    const shared = { clock, onEvent: this.emit };
    this.cache = options.cache ? createCache<V>({ ...options.cache, ...shared }) : undefined;
    this.limiter = options.limiter ? createLimiter({ ...options.limiter, ...shared }) : undefined;
    this.breaker = options.breaker
      ? createCircuitBreaker({ ...options.breaker, ...shared })
      : undefined;
    this.retry = options.retry ? createRetry({ ...options.retry, ...shared }) : undefined;
  }

  subscribe(listener: ResilienceEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  execute<T>(
    fn: (context: AttemptContext) => PromiseLike<T> | T,
    options?: PolicyCallOptions,
  ): Promise<T> {
    const deadlineMs = this.options.deadlineMs;
    const started = this.listeners.size > 0 ? this.clock.now() : 0;
    const run =
      deadlineMs === undefined
        ? this.throughLimiter(fn, options, options?.signal)
        : runWithTimeout(
            (signal) => this.throughLimiter(fn, options, signal),
            deadlineMs,
            'deadline',
            this.clock,
            options?.signal,
            this.emit,
          );
    if (this.listeners.size === 0) return run;
    return run.then(
      (value) => {
        this.emit({
          type: 'call.settled',
          at: this.clock.now(),
          outcome: 'success',
          latencyMs: this.clock.now() - started,
        });
        return value;
      },
      (error: unknown) => {
        const at = this.clock.now();
        this.emit({ type: 'call.settled', at, outcome: 'failure', latencyMs: at - started, error });
        throw error;
      },
    );
  }

  get(
    key: string,
    fn: (context: AttemptContext) => PromiseLike<V> | V,
    options?: PolicyCallOptions,
  ): Promise<CacheResult<V>> {
    if (!this.cache) {
      return this.execute(fn, options).then((value) => ({ value, status: 'miss', ageMs: 0 }));
    }
    const entryOptions = {
      ...(options?.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
      ...(options?.tags === undefined ? {} : { tags: options.tags }),
    };
    return this.cache.get(key, () => this.execute(fn, options), entryOptions);
  }

  private throughLimiter<T>(
    fn: (context: AttemptContext) => PromiseLike<T> | T,
    options: PolicyCallOptions | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const next = (): Promise<T> => this.throughBreaker(fn, options, signal);
    return this.limiter ? this.limiter.execute(next, signal ? { signal } : undefined) : next();
  }

  private throughBreaker<T>(
    fn: (context: AttemptContext) => PromiseLike<T> | T,
    options: PolicyCallOptions | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const next = (): Promise<T> => this.throughRetry(fn, options, signal);
    return this.breaker ? this.breaker.execute(next) : next();
  }

  private throughRetry<T>(
    fn: (context: AttemptContext) => PromiseLike<T> | T,
    options: PolicyCallOptions | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const attempt = (context: AttemptContext): Promise<T> => this.throughTimeout(fn, context);
    if (!this.retry) return attempt({ attempt: 1, signal });
    const callOptions = {
      ...(options?.idempotent === undefined ? {} : { idempotent: options.idempotent }),
      ...(signal === undefined ? {} : { signal }),
    };
    return this.retry.execute(attempt, callOptions);
  }

  private throughTimeout<T>(
    fn: (context: AttemptContext) => PromiseLike<T> | T,
    context: AttemptContext,
  ): Promise<T> {
    const timeoutMs = this.options.attemptTimeoutMs;
    if (timeoutMs === undefined) return Promise.resolve(fn(context));
    return runWithTimeout(
      (signal) => fn({ attempt: context.attempt, signal }),
      timeoutMs,
      'attempt',
      this.clock,
      context.signal,
      this.emit,
    );
  }
}

/**
 * Composes cache → limiter → breaker → retry → timeout (the order of DESIGN.md) with one typed
 * telemetry stream: breaker transitions and rejections, retries, timeouts, limiter rejections,
 * cache status and call latency. Each attempt receives an `AbortSignal` that the per-attempt
 * timeout, the overall deadline and the caller's signal all abort.
 *
 * @example
 * ```ts
 * const plm = createPolicy<ModelConfig>({
 *   cache: { ttlMs: 10 * 60_000, staleWhileRevalidateMs: 60_000, staleIfErrorMs: 86_400_000 },
 *   limiter: { maxConcurrent: 8, maxQueue: 100 },
 *   breaker: { failureThreshold: 5, windowMs: 30_000, openMs: 30_000 },
 *   retry: { idempotent: true, maxAttempts: 3, jitter: 'full' },
 *   attemptTimeoutMs: 2_000,
 *   deadlineMs: 5_000,
 * });
 * plm.subscribe((event) => log.info(event));
 * const { value, status } = await plm.get(`model:${id}`, ({ signal }) => sdk.getModelConfig(id, { signal }));
 * ```
 */
export function createPolicy<V = unknown>(options: PolicyOptions<V> = {}): Policy<V> {
  return new ComposedPolicy<V>(options);
}
