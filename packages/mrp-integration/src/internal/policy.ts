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
  type CacheStatus,
  type CacheStore,
  type CircuitState,
  type Clock,
  type Policy,
  type ResilienceEvent,
} from '@mrp-plm/resilience';
import type { PlmConfig } from '../PlmConfig.js';

export type { CacheStatus, CacheStore, CircuitState, Clock, ResilienceEvent };
export { createTestClock, systemClock } from '@mrp-plm/resilience';

/** One cached PLM answer: the wire payload with its metadata and the MRP DTO mapped from it. */
export interface CachedRead {
  readonly payload: unknown;
  readonly sha256: string;
  readonly correlationId: string;
  readonly schemaVersion: string;
  readonly etag: string | undefined;
  readonly revision: string | undefined;
  readonly data: unknown;
}

/** The result of {@link ReadPolicy.get}. */
export interface PolicyRead {
  readonly value: CachedRead;
  readonly status: CacheStatus | 'none';
  readonly ageMs: number;
}

/** The request path, over one breaker. */
export interface ReadPolicy {
  get(
    key: string,
    load: (signal: AbortSignal | undefined) => Promise<CachedRead>,
    options: { readonly signal?: AbortSignal | undefined; readonly tags?: readonly string[] },
  ): Promise<PolicyRead>;
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
  return {
    async get(key, load, callOptions) {
      const call = {
        ...(callOptions.signal === undefined ? {} : { signal: callOptions.signal }),
        ...(callOptions.tags === undefined ? {} : { tags: callOptions.tags }),
      };
      const result = await policy.get<CachedRead>(key, ({ signal }) => load(signal), call);
      return {
        value: result.value,
        status: policy.cache === undefined ? 'none' : result.status,
        ageMs: result.ageMs,
      };
    },
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
    get circuitState() {
      const breaker = policy.breaker!;
      return breaker.isolated ? 'isolated' : breaker.state;
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
}
