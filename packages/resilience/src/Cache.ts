import type { CacheEntry, CacheStore, Invalidation } from './CacheStore.js';
import { systemClock, type Clock } from './Clock.js';
import { createMemoryCacheStore } from './MemoryCacheStore.js';
import type { ResilienceEventListener } from './ResilienceEvent.js';
import { defaultSizeOf } from './internal/defaultSizeOf.js';
import { flightMatches, type Flight } from './internal/Flight.js';
import { isPromise } from './internal/isPromise.js';
import { makeCacheEntry } from './internal/makeCacheEntry.js';
import { rejectWith } from './internal/rejectWith.js';

/**
 * How a value was served: `hit` (fresh), `miss` (loaded now), `stale` (past its TTL, inside the
 * stale-while-revalidate window; refreshed in the background) or `stale-if-error` (the loader
 * failed and a stale value inside the stale-if-error window was served instead).
 */
export type CacheStatus = 'hit' | 'miss' | 'stale' | 'stale-if-error';

/** What {@link Cache.get} resolves to. */
export interface CacheResult<V> {
  readonly value: V;
  readonly status: CacheStatus;
  /** Time since the value was loaded, in milliseconds. */
  readonly ageMs: number;
}

/** An invalidation, as reported to {@link Cache.onInvalidate} hooks. */
export interface InvalidationEvent {
  readonly invalidation: Invalidation;
  /** Keys removed from this instance. */
  readonly keys: readonly string[];
  /** `local` when made on this instance, `remote` when received from another one. */
  readonly origin: 'local' | 'remote';
}

/** Per-entry options of {@link Cache.get} and {@link Cache.set}. */
export interface CacheEntryOptions {
  /**
   * Overrides the cache's `ttlMs` for this entry.
   * @default the cache's `ttlMs`
   */
  readonly ttlMs?: number;
  /**
   * Tags for {@link Cache.invalidateTag}.
   * @default []
   */
  readonly tags?: readonly string[];
}

/** Options of {@link createCache}. */
export interface CacheOptions<V> {
  /**
   * How long a value is fresh, in milliseconds.
   * @default 300000
   */
  readonly ttlMs?: number;
  /**
   * After the TTL, how long a value is still served (as `stale`) while one background refresh runs.
   * @default 0
   */
  readonly staleWhileRevalidateMs?: number;
  /**
   * After the TTL, how long a value may be served (as `stale-if-error`) when the loader fails.
   * @default 0
   */
  readonly staleIfErrorMs?: number;
  /**
   * Where entries live.
   * @default createMemoryCacheStore({ maxEntries, maxBytes })
   */
  readonly store?: CacheStore<V>;
  /**
   * Bound of the default memory store.
   * @default 1000
   */
  readonly maxEntries?: number;
  /**
   * Bound of the default memory store, in approximate bytes.
   * @default Infinity
   */
  readonly maxBytes?: number;
  /**
   * Approximate size of a value in bytes; only called when `maxBytes` is set.
   * @default UTF-16 length of the JSON form
   */
  readonly sizeOf?: (value: V) => number;
  /**
   * Time source.
   * @default systemClock
   */
  readonly clock?: Pick<Clock, 'now'>;
  /**
   * Telemetry listener: the status of every `get`.
   * @default undefined (no telemetry)
   */
  readonly onEvent?: ResilienceEventListener;
}

/** A single-flight, stale-while-revalidate cache; see {@link createCache}. */
export interface Cache<V> {
  /**
   * The value for `key`: fresh from the store, or loaded by `loader` (one load per key at a time,
   * however many callers wait; a failed load rejects them all and caches nothing).
   */
  get(
    key: string,
    loader: (key: string) => PromiseLike<V> | V,
    options?: CacheEntryOptions,
  ): Promise<CacheResult<V>>;
  /**
   * The fresh value of `key` when it can be answered synchronously, else `undefined`. A hit is
   * served as {@link Cache.get} serves it (status `hit`, the same `cache.served` event); anything
   * else (a miss, a stale or expired entry, a load that callers must wait for, a store whose reads
   * answer asynchronously, such as Redis on a local miss, or a store no `get` has read yet) returns
   * `undefined` and serves nothing, so the caller goes on with `get`. The hot path of a warm read:
   * no promise, no loader, no closure.
   * @param now - the cache clock's time, when the caller has just read that clock (a clock read
   * is not free; share it). @default the cache's `clock.now()`
   * @param report - `false` serves the hit without its `cache.served` event, for a caller that
   * counts its hits itself (building and dispatching an event per hit costs more than the hit).
   * Such a caller owes its own telemetry that count. @default true
   */
  peek(key: string, now?: number, report?: boolean): CacheResult<V> | undefined;
  /** Stores a value as freshly loaded. */
  set(key: string, value: V, options?: CacheEntryOptions): Promise<void>;
  /** Removes one key; resolves to the keys removed locally. */
  invalidate(key: string): Promise<readonly string[]>;
  /** Removes every key starting with `prefix`. */
  invalidatePrefix(prefix: string): Promise<readonly string[]>;
  /** Removes every key stored with `tag`. */
  invalidateTag(tag: string): Promise<readonly string[]>;
  /** Removes everything. */
  clear(): Promise<readonly string[]>;
  /** Registers a hook run after each invalidation, local or remote; returns the unsubscribe. */
  onInvalidate(listener: (event: InvalidationEvent) => void): () => void;
  /** Closes the store and stops listening for remote invalidations. */
  close(): Promise<void>;
}

class SwrCache<V> implements Cache<V> {
  private readonly store: CacheStore<V>;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly ttlMs: number;
  private readonly swrMs: number;
  private readonly sieMs: number;
  private readonly sizeOf: ((value: V) => number) | undefined;
  private readonly flights = new Map<string, Flight<V>>();
  private readonly hooks = new Set<(event: InvalidationEvent) => void>();
  private readonly unsubscribeRemote: (() => void) | undefined;
  private readonly onEvent: ResilienceEventListener | undefined;
  /**
   * Whether `peek` may read the store: `true` once a read answered synchronously (the memory store
   * always does), `false` for good once one answered with a promise (Redis on a local miss), so
   * `peek` never makes a network read that `get` would repeat.
   */
  private syncReads: boolean | undefined;

  constructor(options: CacheOptions<V>) {
    this.clock = options.clock ?? systemClock;
    this.ttlMs = options.ttlMs ?? 300_000;
    this.swrMs = options.staleWhileRevalidateMs ?? 0;
    this.sieMs = options.staleIfErrorMs ?? 0;
    this.onEvent = options.onEvent;
    this.store =
      options.store ??
      createMemoryCacheStore<V>({
        ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
        ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
      });
    this.sizeOf =
      options.maxBytes === undefined && options.store === undefined
        ? undefined
        : (options.sizeOf ?? defaultSizeOf);
    this.unsubscribeRemote = this.store.onRemoteInvalidation?.((invalidation, keys) =>
      this.afterInvalidation(invalidation, keys, 'remote'),
    );
  }

  get(
    key: string,
    loader: (key: string) => PromiseLike<V> | V,
    options?: CacheEntryOptions,
  ): Promise<CacheResult<V>> {
    const flight = this.flights.get(key);
    if (flight !== undefined && !flight.background) {
      return this.awaitLoad(key, flight);
    }
    const found = this.store.get(key);
    if (isPromise<CacheEntry<V> | undefined>(found)) {
      this.syncReads = false;
      return found.then(
        (entry) => this.serve(key, entry, loader, options),
        () => this.serve(key, undefined, loader, options),
      );
    }
    this.syncReads ??= true;
    return this.serve(key, found, loader, options);
  }

  peek(key: string, now?: number, report = true): CacheResult<V> | undefined {
    // A store not known to answer synchronously is not read here: `get` would read it again.
    if (this.syncReads !== true) return undefined;
    const flight = this.flights.get(key);
    if (flight !== undefined && !flight.background) return undefined;
    const found = this.store.get(key);
    if (found === undefined) return undefined;
    if (isPromise<CacheEntry<V> | undefined>(found)) return this.stopSyncReads(found);
    const at = now ?? this.clock.now();
    if (at >= found.freshUntil) return undefined;
    const ageMs = at - found.storedAt;
    if (report) this.servedHit(key, at, ageMs);
    // One allocation site (not `result`'s beside this one), and the rare branches in methods of
    // their own: `peek` stays small enough for a caller's compiled code to inline it.
    return { value: found.value, status: 'hit', ageMs };
  }

  /** A store read answered with a promise: once per cache at most, `get` alone reads it from now. */
  private stopSyncReads(found: Promise<unknown>): undefined {
    this.syncReads = false;
    found.then(undefined, () => undefined);
    return undefined;
  }

  /** A hit `peek` serves, as `get` reports it (apart: the event literal would fatten `peek`). */
  private servedHit(key: string, at: number, ageMs: number): void {
    this.onEvent?.({ type: 'cache.served', at, key, status: 'hit', ageMs });
  }

  private serve(
    key: string,
    entry: CacheEntry<V> | undefined,
    loader: (key: string) => PromiseLike<V> | V,
    options: CacheEntryOptions | undefined,
  ): Promise<CacheResult<V>> {
    const now = this.clock.now();
    if (entry !== undefined) {
      if (now < entry.freshUntil) return Promise.resolve(this.result(key, entry, 'hit', now));
      if (now < entry.staleUntil) {
        if (!this.flights.has(key)) this.startLoad(key, loader, options, true, undefined);
        return Promise.resolve(this.result(key, entry, 'stale', now));
      }
      if (now >= entry.errorUntil) entry = undefined;
    }
    const flight = this.flights.get(key) ?? this.startLoad(key, loader, options, false, entry);
    return this.awaitLoad(key, flight, entry);
  }

  private awaitLoad(
    key: string,
    flight: Flight<V>,
    entry?: CacheEntry<V>,
  ): Promise<CacheResult<V>> {
    const fallback = flight.fallback ?? entry;
    return flight.promise.then(
      (value) => {
        this.onEvent?.({
          type: 'cache.served',
          at: this.clock.now(),
          key,
          status: 'miss',
          ageMs: 0,
        });
        return { value, status: 'miss' as const, ageMs: 0 };
      },
      (error: unknown) => {
        const now = this.clock.now();
        if (fallback !== undefined && now < fallback.errorUntil) {
          return this.result(key, fallback, 'stale-if-error', now);
        }
        throw error;
      },
    );
  }

  private result(
    key: string,
    entry: CacheEntry<V>,
    status: CacheStatus,
    now: number,
  ): CacheResult<V> {
    const ageMs = now - entry.storedAt;
    this.onEvent?.({ type: 'cache.served', at: now, key, status, ageMs });
    return { value: entry.value, status, ageMs };
  }

  private startLoad(
    key: string,
    loader: (key: string) => PromiseLike<V> | V,
    options: CacheEntryOptions | undefined,
    background: boolean,
    fallback: CacheEntry<V> | undefined,
  ): Flight<V> {
    let loaded: Promise<V>;
    try {
      loaded = Promise.resolve(loader(key));
    } catch (error) {
      loaded = rejectWith(error);
    }
    const flight: Flight<V> = {
      promise: loaded.then(async (value) => {
        if (flight.storable) await this.write(key, value, options);
        return value;
      }),
      tags: options?.tags ?? [],
      storable: true,
      background,
      fallback,
    };
    this.flights.set(key, flight);
    const done = (): void => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    };
    flight.promise.then(done, done);
    return flight;
  }

  private async write(
    key: string,
    value: V,
    options: CacheEntryOptions | undefined,
  ): Promise<void> {
    const now = this.clock.now();
    const entry = makeCacheEntry(value, now, options?.ttlMs ?? this.ttlMs, this.swrMs, this.sieMs, {
      tags: options?.tags ?? [],
      size: this.sizeOf ? this.sizeOf(value) : 0,
    });
    try {
      await this.store.set(key, entry);
    } catch (error) {
      // A store that cannot write degrades to not caching; the caller still gets the value.
      this.onEvent?.({ type: 'cache.store-error', at: now, operation: 'set', error });
    }
  }

  async set(key: string, value: V, options?: CacheEntryOptions): Promise<void> {
    const flight = this.flights.get(key);
    if (flight) flight.storable = false;
    await this.write(key, value, options);
  }

  invalidate(key: string): Promise<readonly string[]> {
    return this.apply({ kind: 'key', value: key });
  }

  invalidatePrefix(prefix: string): Promise<readonly string[]> {
    return this.apply({ kind: 'prefix', value: prefix });
  }

  invalidateTag(tag: string): Promise<readonly string[]> {
    return this.apply({ kind: 'tag', value: tag });
  }

  clear(): Promise<readonly string[]> {
    return this.apply({ kind: 'all' });
  }

  onInvalidate(listener: (event: InvalidationEvent) => void): () => void {
    this.hooks.add(listener);
    return () => this.hooks.delete(listener);
  }

  async close(): Promise<void> {
    this.unsubscribeRemote?.();
    await this.store.close?.();
  }

  private async apply(invalidation: Invalidation): Promise<readonly string[]> {
    this.stopFlights(invalidation);
    const keys = await this.store.invalidate(invalidation);
    this.afterInvalidation(invalidation, keys, 'local');
    return keys;
  }

  private afterInvalidation(
    invalidation: Invalidation,
    keys: readonly string[],
    origin: 'local' | 'remote',
  ): void {
    if (origin === 'remote') this.stopFlights(invalidation);
    const event: InvalidationEvent = { invalidation, keys, origin };
    for (const hook of this.hooks) hook(event);
  }

  /** Loads in flight when an invalidation matches them must not write their (older) value. */
  private stopFlights(invalidation: Invalidation): void {
    for (const [key, flight] of this.flights) {
      if (flightMatches(key, flight, invalidation)) {
        flight.storable = false;
        this.flights.delete(key);
      }
    }
  }
}

/**
 * Creates a cache with TTL, stale-while-revalidate, stale-if-error, single-flight loads, LRU bounds
 * and invalidation by key, prefix and tag. Pass a Redis store to share it between instances.
 *
 * @example
 * ```ts
 * import { createCache } from '@mrp-plm/resilience';
 *
 * const id = 'MDL-000001';
 * const cache = createCache<ModelConfig>({
 *   ttlMs: 10 * 60_000,
 *   staleWhileRevalidateMs: 60_000,
 *   staleIfErrorMs: 24 * 60 * 60_000,
 * });
 * const { value, status, ageMs } = await cache.get(`model:${id}`, () => sdk.getModelConfig(id), {
 *   tags: [`model:${id}`],
 * });
 * console.log(value.id, status, ageMs);
 * ```
 */
export function createCache<V = unknown>(options: CacheOptions<V> = {}): Cache<V> {
  return new SwrCache<V>(options);
}
