/*
 * The one seam to @mrp-plm/resilience: the PLM request path (cache → limiter → ONE breaker →
 * retry → per-attempt timeout), built from the configuration. Every PLM call of the integration
 * goes through the `ReadPolicy` made here, so there is exactly one breaker for the dependency.
 */
import {
  CircuitOpenError,
  createMemoryCacheStore,
  createPolicy,
  systemClock,
  type Cache,
  type CacheCodec,
  type CacheStore,
  type CircuitState,
  type Clock,
  type AttemptContext,
  type CacheResult,
  type Policy,
  type PolicyCallOptions,
  type RedisClientLike,
  type RedisSubscriberLike,
  type ResilienceEvent,
} from '@mrp-plm/resilience';
import type { PlmResource } from '../AuditEvent.js';
import type { PlmConfig } from '../PlmConfig.js';

export type {
  AttemptContext,
  CacheCodec,
  CacheResult,
  CacheStore,
  CircuitState,
  Clock,
  RedisClientLike,
  RedisSubscriberLike,
  ResilienceEvent,
};
export { createTestClock, createTimeout, systemClock } from '@mrp-plm/resilience';

/** One cached PLM answer: the wire payload with its metadata and the MRP DTO mapped from it. */
export interface CachedRead {
  /** Which read it answers (so a shared store's codec knows the DTO to check `data` against). */
  readonly resource: PlmResource;
  readonly payload: unknown;
  readonly sha256: string;
  readonly correlationId: string;
  readonly schemaVersion: string;
  readonly etag: string | undefined;
  readonly revision: string | undefined;
  readonly data: unknown;
}

/** The request path, over one breaker. */
export interface ReadPolicy {
  /**
   * Through the cache (when `cacheEnabled`; otherwise every call loads and reports `miss`). The
   * hot path of every warm read: handed straight to resilience, no wrapper of its own.
   */
  get(
    key: string,
    load: (attempt: AttemptContext) => Promise<CachedRead>,
    options: PolicyCallOptions,
  ): Promise<CacheResult<CachedRead>>;
  /**
   * The policy's cache, `undefined` when answers are not cached (`PLM_CACHE_ENABLED=false`). The
   * warm read calls its `peek` (a fresh hit given synchronously, else `undefined`: then `get`)
   * directly, with the time just read from the policy's clock: every wrapper around it counted
   * against the compiler's inlining budget of the hot path.
   */
  readonly cache: Cache<CachedRead> | undefined;
  /** Whether answers are cached (`PLM_CACHE_ENABLED`). */
  readonly cacheEnabled: boolean;
  /** Through limiter, breaker, retry and timeout, without the cache. */
  execute<T>(
    fn: (signal: AbortSignal | undefined) => Promise<T>,
    options: { readonly signal?: AbortSignal | undefined; readonly idempotent: boolean },
  ): Promise<T>;
  invalidate(key: string): Promise<void>;
  invalidatePrefix(prefix: string): Promise<void>;
  invalidateTag(tag: string): Promise<void>;
  readonly circuitState: CircuitState | 'isolated';
  /** Opens the circuit by hand until {@link ReadPolicy.resetCircuit} (an operator's action). */
  isolateCircuit(): void;
  /** Closes the circuit and forgets its failures (an operator's action). */
  resetCircuit(): void;
  /** Entries in this instance's cache store, when the store can tell (the memory store can). */
  cacheEntries(): number | undefined;
  /** Throws the breaker's rejection when the circuit is open (so no other work is started). */
  rejectIfOpen(): void;
  subscribe(listener: (event: ResilienceEvent) => void): () => void;
  close(): Promise<void>;
}

/** Options the integration passes through. */
export interface ReadPolicyOptions {
  readonly config: PlmConfig;
  readonly clock: Clock;
  readonly store?: CacheStore<CachedRead> | undefined;
}

/** Whether an error is the open (or isolated) circuit's rejection. */
export function isCircuitOpen(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { _tag?: unknown })._tag === 'CircuitOpenError'
  );
}

export function createReadPolicy(options: ReadPolicyOptions): ReadPolicy {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const store: CacheStore<CachedRead> | undefined = config.cacheEnabled
    ? (options.store ?? createMemoryCacheStore<CachedRead>({ maxEntries: 10_000 }))
    : undefined;
  const policy: Policy = createPolicy({
    clock,
    ...(store !== undefined
      ? {
          cache: {
            ttlMs: config.cacheTTL * 1_000,
            staleWhileRevalidateMs: config.cacheStaleWhileRevalidate * 1_000,
            staleIfErrorMs: config.cacheStaleIfError * 1_000,
            store,
          },
        }
      : {}),
    limiter: { maxConcurrent: config.maxConcurrent, maxQueue: config.maxConcurrent * 50 },
    breaker: {
      name: 'plm',
      failureThreshold: config.circuitBreakerThreshold,
      windowMs: config.circuitBreakerWindow * 1_000,
      openMs: config.circuitBreakerOpen * 1_000,
    },
    retry: {
      idempotent: true,
      maxAttempts: config.retryMaxAttempts,
      jitter: 'full',
      retryAfterCapMs: 10_000,
    },
    timeout: { timeoutMs: config.timeoutMs },
  });
  // `circuitState` is defined after the literal, not in it: V8 gives an object literal with an
  // accessor dictionary properties, and the warm read's `peek` was then a hash lookup per read.
  const readPolicy: Omit<ReadPolicy, 'circuitState'> = {
    get: (key, load, callOptions) => policy.get<CachedRead>(key, load, callOptions),
    // The cache holds CachedRead values only: every `get` of this policy stores one.
    cache: policy.cache as Cache<CachedRead> | undefined,
    cacheEnabled: policy.cache !== undefined,
    execute(fn, callOptions) {
      return policy.execute(({ signal }) => fn(signal), {
        idempotent: callOptions.idempotent,
        ...(callOptions.signal === undefined ? {} : { signal: callOptions.signal }),
      });
    },
    async invalidate(key) {
      await policy.cache?.invalidate(key);
    },
    async invalidatePrefix(prefix) {
      await policy.cache?.invalidatePrefix(prefix);
    },
    async invalidateTag(tag) {
      await policy.cache?.invalidateTag(tag);
    },
    isolateCircuit() {
      policy.breaker!.isolate();
    },
    resetCircuit() {
      policy.breaker!.reset();
    },
    cacheEntries() {
      const size = (store as { readonly size?: unknown } | undefined)?.size;
      return typeof size === 'number' ? size : undefined;
    },
    rejectIfOpen() {
      const breaker = policy.breaker!;
      if (breaker.isolated) throw new CircuitOpenError(0, true);
      if (breaker.state === 'open') throw new CircuitOpenError(0);
    },
    subscribe: (listener) => policy.subscribe(listener),
    async close() {
      await policy.cache?.close();
      policy.breaker?.dispose();
    },
  };
  return Object.defineProperty(readPolicy, 'circuitState', {
    get: (): CircuitState | 'isolated' => {
      const breaker = policy.breaker!;
      return breaker.isolated ? 'isolated' : breaker.state;
    },
    enumerable: true,
    configurable: true,
  }) as ReadPolicy;
}
