import { createCache, type Cache, type CacheOptions, type CacheResult } from './Cache.js';
import {
  createCircuitBreaker,
  type CircuitBreaker,
  type CircuitBreakerOptions,
} from './CircuitBreaker.js';
import { systemClock, type Clock } from './Clock.js';
import { createLimiter, type Limiter, type LimiterOptions } from './Limiter.js';
import type { ResilienceEvent, ResilienceEventListener } from './ResilienceEvent.js';
import { createRetry, type AttemptContext, type Retry } from './Retry.js';
import type { RetryOptions } from './retrySchedule.js';
import { createTimeout, type Timeout, type TimeoutOptions } from './Timeout.js';

/** Options of a part the policy builds itself: the policy supplies `clock` and `onEvent`. */
type Shortcut<O> = Omit<O, 'clock' | 'onEvent'>;

/**
 * Options of {@link createPolicy}. Each part is an instance you created (share it: one breaker for
 * every PLM operation, the same one metrics' `isPaused` reads) or, as a shortcut, the options to
 * build one with the policy's `clock` and telemetry. Leave a part out to skip it.
 */
export interface PolicyOptions {
  /**
   * Cache in front of everything (used by {@link Policy.get}); holds values of any type, each
   * call names its own.
   * @default undefined (no cache; `get` loads every time and reports `miss`)
   */
  readonly cache?: Cache<unknown> | Shortcut<CacheOptions<unknown>>;
  /**
   * Concurrency and rate limiter.
   * @default undefined (no limiter)
   */
  readonly limiter?: Limiter | Shortcut<LimiterOptions>;
  /**
   * Circuit breaker; a retried call counts once.
   * @default undefined (no breaker)
   */
  readonly breaker?: CircuitBreaker | Shortcut<CircuitBreakerOptions>;
  /**
   * Retry policy, inside the breaker.
   * @default undefined (no retry)
   */
  readonly retry?: Retry | Shortcut<RetryOptions>;
  /**
   * Per-attempt timeout, inside the retry: each attempt gets its own. Built with scope `attempt`.
   * @default undefined (no per-attempt timeout)
   */
  readonly timeout?: Timeout | Shortcut<Omit<TimeoutOptions, 'scope'>>;
  /**
   * Overall deadline of one call (queueing, attempts and backoff), outside the limiter. Built with
   * scope `deadline`.
   * @default undefined (no deadline)
   */
  readonly deadline?: Timeout | Shortcut<Omit<TimeoutOptions, 'scope'>>;
  /**
   * Time source of the policy and of the parts it builds (instances keep their own).
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

/**
 * Cache → deadline → limiter → breaker → retry → timeout, with one telemetry stream; see
 * {@link createPolicy}. The value type belongs to each call, so one policy (and one breaker) serves
 * every operation of an upstream.
 */
export interface Policy {
  readonly cache: Cache<unknown> | undefined;
  readonly limiter: Limiter | undefined;
  readonly breaker: CircuitBreaker | undefined;
  readonly retry: Retry | undefined;
  readonly timeout: Timeout | undefined;
  readonly deadline: Timeout | undefined;
  /** Runs `fn` through deadline, limiter, breaker, retry and timeout (not the cache). */
  execute<V>(
    fn: (context: AttemptContext) => PromiseLike<V> | V,
    options?: PolicyCallOptions,
  ): Promise<V>;
  /**
   * Reads `key` through the cache, loading with {@link Policy.execute} on a miss. `V` is the type
   * of this key's value: keep one type per key (prefix keys by operation, `model:`, `trim:`).
   */
  get<V>(
    key: string,
    load: (context: AttemptContext) => PromiseLike<V> | V,
    options?: PolicyCallOptions,
  ): Promise<CacheResult<V>>;
  /**
   * The fresh cached value of `key` when the cache can answer synchronously (see
   * {@link Cache.peek}), else `undefined` (no cache, a miss, stale, a load in flight, an
   * asynchronous store): then call {@link Policy.get}. Lets a caller serve a warm read without a
   * promise of its own. `now`: the cache clock's time when the caller has just read that clock
   * (the policy's `clock` for a cache built from options), to save a second read. `report:
   * false` serves the hit without its `cache.served` event, for a caller that counts its hits
   * itself (then no listener of {@link Policy.subscribe} sees them).
   */
  peek<V>(key: string, now?: number, report?: boolean): CacheResult<V> | undefined;
  /**
   * Listens to every event of the policy (`call.settled`) and of the parts it built from options;
   * instances you passed report to their own `onEvent`. Returns the unsubscribe function.
   */
  subscribe(listener: ResilienceEventListener): () => void;
}

function hasMethod(value: object, name: string): boolean {
  return typeof (value as Record<string, unknown>)[name] === 'function';
}

/** The instance given, or one built from the options given; `undefined` when neither. */
function part<I extends object, O extends object>(
  given: I | O | undefined,
  method: string,
  build: (options: O) => I,
): I | undefined {
  if (given === undefined) return undefined;
  // Instances are told from options by their main method (`execute`, or `get` for a cache).
  return hasMethod(given, method) ? (given as I) : build(given as O);
}

class ComposedPolicy implements Policy {
  readonly cache: Cache<unknown> | undefined;
  readonly limiter: Limiter | undefined;
  readonly breaker: CircuitBreaker | undefined;
  readonly retry: Retry | undefined;
  readonly timeout: Timeout | undefined;
  readonly deadline: Timeout | undefined;
  private readonly listeners = new Set<ResilienceEventListener>();
  private readonly clock: Clock;
  private readonly emit: ResilienceEventListener = (event: ResilienceEvent) => {
    for (const listener of this.listeners) listener(event);
  };

  constructor(options: PolicyOptions) {
    const clock = (this.clock = options.clock ?? systemClock);
    const shared = { clock, onEvent: this.emit };
    this.cache = part<Cache<unknown>, Shortcut<CacheOptions<unknown>>>(options.cache, 'get', (o) =>
      createCache<unknown>({ ...o, ...shared }),
    );
    this.limiter = part<Limiter, Shortcut<LimiterOptions>>(options.limiter, 'execute', (o) =>
      createLimiter({ ...o, ...shared }),
    );
    this.breaker = part<CircuitBreaker, Shortcut<CircuitBreakerOptions>>(
      options.breaker,
      'execute',
      (o) => createCircuitBreaker({ ...o, ...shared }),
    );
    this.retry = part<Retry, Shortcut<RetryOptions>>(options.retry, 'execute', (o) =>
      createRetry({ ...o, ...shared }),
    );
    this.timeout = part<Timeout, Shortcut<Omit<TimeoutOptions, 'scope'>>>(
      options.timeout,
      'execute',
      (o) => createTimeout({ ...o, ...shared, scope: 'attempt' }),
    );
    this.deadline = part<Timeout, Shortcut<Omit<TimeoutOptions, 'scope'>>>(
      options.deadline,
      'execute',
      (o) => createTimeout({ ...o, ...shared, scope: 'deadline' }),
    );
  }

  subscribe(listener: ResilienceEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  execute<V>(
    fn: (context: AttemptContext) => PromiseLike<V> | V,
    options?: PolicyCallOptions,
  ): Promise<V> {
    const started = this.listeners.size > 0 ? this.clock.now() : 0;
    const signal = options?.signal;
    const run = this.deadline
      ? this.deadline.execute(
          (deadlineSignal) => this.throughLimiter(fn, options, deadlineSignal),
          signal ? { signal } : undefined,
        )
      : this.throughLimiter(fn, options, signal);
    if (this.listeners.size === 0) return run;
    return run.then(
      (value) => {
        const at = this.clock.now();
        this.emit({ type: 'call.settled', at, outcome: 'success', latencyMs: at - started });
        return value;
      },
      (error: unknown) => {
        const at = this.clock.now();
        this.emit({ type: 'call.settled', at, outcome: 'failure', latencyMs: at - started, error });
        throw error;
      },
    );
  }

  get<V>(
    key: string,
    load: (context: AttemptContext) => PromiseLike<V> | V,
    options?: PolicyCallOptions,
  ): Promise<CacheResult<V>> {
    // The cache holds values of every type; the caller names this key's type (one type per key).
    const cache = this.cache as Cache<V> | undefined;
    if (cache === undefined) {
      return this.execute(load, options).then((value) => ({ value, status: 'miss', ageMs: 0 }));
    }
    // A fresh hit: no loader closure, no promise chain (the cache reads only `ttlMs` and `tags`
    // of the call options, so they are passed as they are).
    const hit = cache.peek(key);
    if (hit !== undefined) return Promise.resolve(hit);
    return cache.get(key, () => this.execute(load, options), options);
  }

  peek<V>(key: string, now?: number, report?: boolean): CacheResult<V> | undefined {
    return (this.cache as Cache<V> | undefined)?.peek(key, now, report);
  }

  private throughLimiter<V>(
    fn: (context: AttemptContext) => PromiseLike<V> | V,
    options: PolicyCallOptions | undefined,
    signal: AbortSignal | undefined,
  ): Promise<V> {
    const next = (): Promise<V> => this.throughBreaker(fn, options, signal);
    return this.limiter ? this.limiter.execute(next, signal ? { signal } : undefined) : next();
  }

  private throughBreaker<V>(
    fn: (context: AttemptContext) => PromiseLike<V> | V,
    options: PolicyCallOptions | undefined,
    signal: AbortSignal | undefined,
  ): Promise<V> {
    const next = (): Promise<V> => this.throughRetry(fn, options, signal);
    return this.breaker ? this.breaker.execute(next) : next();
  }

  private throughRetry<V>(
    fn: (context: AttemptContext) => PromiseLike<V> | V,
    options: PolicyCallOptions | undefined,
    signal: AbortSignal | undefined,
  ): Promise<V> {
    const attempt = (context: AttemptContext): Promise<V> => this.throughTimeout(fn, context);
    if (!this.retry) return attempt({ attempt: 1, signal });
    const callOptions = {
      ...(options?.idempotent === undefined ? {} : { idempotent: options.idempotent }),
      ...(signal === undefined ? {} : { signal }),
    };
    return this.retry.execute(attempt, callOptions);
  }

  private throughTimeout<V>(
    fn: (context: AttemptContext) => PromiseLike<V> | V,
    context: AttemptContext,
  ): Promise<V> {
    if (!this.timeout) return Promise.resolve(fn(context));
    return this.timeout.execute(
      (signal) => fn({ attempt: context.attempt, signal }),
      context.signal ? { signal: context.signal } : undefined,
    );
  }
}

/**
 * Composes cache → deadline → limiter → breaker → retry → timeout (the order of DESIGN.md) with
 * one typed telemetry stream. Pass the instances you share (one breaker guards every operation of
 * an upstream and answers `breaker.isOpen()` for everyone else), or options to build a part just
 * for this policy. The value type belongs to each call: `policy.get<ModelConfig>(…)`,
 * `policy.execute<Trim>(…)`. Each attempt receives an `AbortSignal` that the per-attempt timeout,
 * the deadline and the caller's signal all abort.
 *
 * @example
 * ```ts
 * import {
 *   createCache,
 *   createCircuitBreaker,
 *   createLimiter,
 *   createPolicy,
 *   createRetry,
 *   createTimeout,
 * } from '@mrp-plm/resilience';
 *
 * const breaker = createCircuitBreaker({ failureThreshold: 5, windowMs: 30_000, openMs: 30_000 });
 * const plm = createPolicy({
 *   breaker,
 *   cache: createCache({ ttlMs: 10 * 60_000, staleWhileRevalidateMs: 60_000, staleIfErrorMs: 86_400_000 }),
 *   limiter: createLimiter({ maxConcurrent: 8, maxQueue: 100 }),
 *   retry: createRetry({ idempotent: true, maxAttempts: 3, jitter: 'full' }),
 *   timeout: createTimeout({ timeoutMs: 2_000 }),
 *   deadline: { timeoutMs: 5_000 }, // options build a part just for this policy
 * });
 * plm.subscribe((event) => console.log(event.type));
 *
 * const id = 'MDL-000001';
 * const { value: config, status } = await plm.get<ModelConfig>(`model:${id}`, ({ signal }) =>
 *   sdk.getModelConfig(id, { signal }),
 * );
 * const trim = await plm.execute<Trim>(({ signal }) =>
 *   sdk.getTrim('TRM-000001-01', { signal }),
 * );
 * console.log(config.id, status, trim.id, breaker.isOpen());
 * ```
 */
export function createPolicy(options: PolicyOptions = {}): Policy {
  return new ComposedPolicy(options);
}
