import { jsonCacheCodec, type CacheCodec } from './CacheCodec.js';
import type { CacheEntry, CacheStore, Invalidation } from './CacheStore.js';
import { systemClock, type Clock } from './Clock.js';
import { InvalidationChannel } from './internal/InvalidationChannel.js';
import { decodeWireEntry, encodeWireEntry } from './internal/redisWireEntry.js';
import { runRedisCommand } from './internal/runRedisCommand.js';
import {
  createMemoryCacheStore,
  type MemoryCacheStore,
  type MemoryCacheStoreOptions,
} from './MemoryCacheStore.js';

/**
 * The part of an ioredis client the Redis store uses. An `ioredis` `Redis` instance fits; the
 * package never imports ioredis itself, so it is loaded only by code that creates a client.
 */
export interface RedisClientLike {
  /** ioredis connection status; commands are sent only while it is `ready`. */
  readonly status: string;
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  /** Used to open the subscriber connection when none is given. */
  duplicate?(): RedisSubscriberLike;
  /**
   * Used to replay missed invalidations as soon as the connection is back (`ready`), and to route
   * the connection's errors to `onError` (`error`).
   */
  on?(event: 'ready' | 'error', listener: (error?: unknown) => void): unknown;
  removeListener?(event: 'ready' | 'error', listener: (error?: unknown) => void): unknown;
}

/** The part of an ioredis client in subscriber mode the Redis store uses. */
export interface RedisSubscriberLike {
  /** ioredis connection status. */
  readonly status: string;
  subscribe(channel: string): Promise<unknown>;
  once(event: 'ready', listener: () => void): unknown;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  /** The store listens to `error` so connection errors reach `onError`, not the console. */
  on(event: 'error', listener: (error: unknown) => void): unknown;
  removeListener(event: 'message', listener: (channel: string, message: string) => void): unknown;
  removeListener(event: 'error', listener: (error: unknown) => void): unknown;
  quit?(): Promise<unknown>;
  disconnect?(): void;
}

/** Options of {@link createRedisCacheStore}. */
export interface RedisCacheStoreOptions {
  /** Connection for commands. Create it with `enableOfflineQueue: false` so an outage fails fast. */
  readonly client: RedisClientLike;
  /**
   * Connection for pub/sub invalidations.
   * @default client.duplicate()
   */
  readonly subscriber?: RedisSubscriberLike;
  /**
   * Prefix of every Redis key and of the invalidation channel; instances sharing a cache use the
   * same namespace.
   * @default 'mrp-cache'
   */
  readonly namespace?: string;
  /**
   * Bounds of the local (per-instance) layer that serves hits and keeps serving during an outage.
   * @default {}
   */
  readonly local?: MemoryCacheStoreOptions;
  /**
   * A Redis command slower than this is abandoned and the local cache answers instead.
   * @default 250
   */
  readonly commandTimeoutMs?: number;
  /**
   * Invalidations made while Redis is unreachable are kept (up to this many) and replayed on the
   * next successful command, so other instances still hear of them.
   * @default 1000
   */
  readonly maxPendingInvalidations?: number;
  /**
   * Turns values into the text stored in Redis and back. Values must survive the trip as their
   * type: pass a reviving codec for values that hold more than JSON (a `Date`, a `Map`). A value
   * the codec cannot decode is reported through `onError` (operation `decode`) and read as a miss.
   * @default jsonCacheCodec (JSON.stringify / JSON.parse)
   */
  readonly codec?: CacheCodec;
  /**
   * Time source for command timeouts.
   * @default systemClock
   */
  readonly clock?: Clock;
  /**
   * Called with every failure the store absorbed, with the operation it hit: an `error` event of
   * either connection (`connection` for the command client, `subscriber` for the pub/sub one; the
   * store listens on both, so ioredis never prints "Unhandled error event"), a failed command
   * (`get`, `set`, `subscribe`), a `ResilienceTimeoutError` for a command slower than `commandTimeoutMs`, an
   * {@link UnreadableCacheEntryError} for an entry the codec cannot read (`decode`) or a value it
   * cannot write (`encode`), or a `SyntaxError` for an unreadable invalidation message (`message`).
   * @default undefined (failures are absorbed silently)
   */
  readonly onError?: (error: unknown, operation: string) => void;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/**
 * Storage side of the Redis store: a local LRU layer in front of Redis, with invalidations kept
 * while Redis is away. The pub/sub side lives in {@link InvalidationChannel}.
 */
class RedisBackedStore<V> implements CacheStore<V> {
  private readonly local: MemoryCacheStore<V>;
  private readonly client: RedisClientLike;
  private readonly namespace: string;
  private readonly channel: InvalidationChannel;
  private readonly listeners = new Set<(inv: Invalidation, keys: readonly string[]) => void>();
  private readonly pending: Invalidation[] = [];
  private readonly clock: Clock;
  private readonly codec: CacheCodec;
  private readonly onReady = (): void => {
    if (this.pending.length > 0) this.available();
  };
  private readonly onConnectionError = (error: unknown): void => {
    this.options.onError?.(error, 'connection');
  };

  constructor(private readonly options: RedisCacheStoreOptions) {
    this.client = options.client;
    this.namespace = options.namespace ?? 'mrp-cache';
    this.local = createMemoryCacheStore<V>(options.local ?? {});
    this.clock = options.clock ?? systemClock;
    this.codec = options.codec ?? jsonCacheCodec;
    this.client.on?.('ready', this.onReady);
    this.client.on?.('error', this.onConnectionError);
    this.channel = new InvalidationChannel(
      `${this.namespace}:invalidate`,
      options.subscriber ?? options.client.duplicate?.(),
      options.subscriber === undefined,
      (invalidation) => {
        const keys = this.local.invalidate(invalidation);
        for (const listener of this.listeners) listener(invalidation, keys);
      },
      (error, operation) => this.options.onError?.(error, operation),
    );
  }

  /** Resolves once the invalidation channel is subscribed (for tests and start-up checks). */
  ready(): Promise<void> {
    return this.channel.ready();
  }

  get(key: string): CacheEntry<V> | undefined | Promise<CacheEntry<V> | undefined> {
    if (this.pending.length > 0) this.available();
    const local = this.local.get(key);
    if (local !== undefined || !this.available()) return local;
    return this.command('get', 'GET', this.entryKey(key)).then((raw) => {
      if (typeof raw !== 'string') return undefined;
      let entry: CacheEntry<V>;
      try {
        entry = decodeWireEntry<V>(raw, this.codec);
      } catch (error) {
        // Unreadable (another format, or the codec refuses it): a miss, reported, never thrown.
        this.options.onError?.(error, 'decode');
        return undefined;
      }
      // Another load may have written locally meanwhile; keep the newer one.
      const newer = this.local.get(key);
      if (newer !== undefined && newer.storedAt >= entry.storedAt) return newer;
      this.local.set(key, entry);
      return entry;
    });
  }

  async set(key: string, entry: CacheEntry<V>): Promise<void> {
    this.local.set(key, entry);
    if (!this.available()) return;
    const ttl = Math.max(1, Math.ceil(entry.errorUntil - entry.storedAt));
    let wire: string;
    try {
      wire = encodeWireEntry(entry, this.codec);
    } catch (error) {
      // Kept locally only; the other instances load it themselves.
      this.options.onError?.(error, 'encode');
      return;
    }
    await this.command('set', 'SET', this.entryKey(key), wire, 'PX', ttl);
    for (const tag of entry.tags) {
      const tagKey = this.tagKey(tag);
      await this.command('set', 'SADD', tagKey, key);
      await this.command('set', 'PEXPIRE', tagKey, ttl, 'NX');
      await this.command('set', 'PEXPIRE', tagKey, ttl, 'GT');
    }
  }

  async invalidate(invalidation: Invalidation): Promise<readonly string[]> {
    const keys = this.local.invalidate(invalidation);
    if (!this.available()) {
      this.keepPending(invalidation);
      return keys;
    }
    const sent = await this.propagate(invalidation).then(
      () => true,
      () => false,
    );
    if (!sent) this.keepPending(invalidation);
    return keys;
  }

  onRemoteInvalidation(
    listener: (invalidation: Invalidation, keys: readonly string[]) => void,
  ): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.client.removeListener?.('ready', this.onReady);
    this.client.removeListener?.('error', this.onConnectionError);
    await this.channel.close();
  }

  private available(): boolean {
    if (this.client.status !== 'ready') return false;
    if (this.pending.length > 0) this.replay();
    return true;
  }

  private keepPending(invalidation: Invalidation): void {
    const max = this.options.maxPendingInvalidations ?? 1000;
    if (this.pending.length >= max) this.pending.shift();
    this.pending.push(invalidation);
  }

  private replay(): void {
    const batch = this.pending.splice(0);
    for (const invalidation of batch) {
      this.propagate(invalidation).catch(() => this.keepPending(invalidation));
    }
  }

  /** Deletes matching keys in Redis and tells the other instances. */
  private async propagate(invalidation: Invalidation): Promise<void> {
    switch (invalidation.kind) {
      case 'key':
        await this.strict('DEL', this.entryKey(invalidation.value));
        break;
      case 'prefix':
        await this.deleteMatching(`${escapeGlob(this.entryKey(invalidation.value))}*`);
        break;
      case 'tag': {
        const tagKey = this.tagKey(invalidation.value);
        const members = (await this.strict('SMEMBERS', tagKey)) as string[];
        for (let i = 0; i < members.length; i += 500) {
          const chunk = members.slice(i, i + 500).map((key) => this.entryKey(key));
          await this.strict('DEL', ...chunk);
        }
        await this.strict('DEL', tagKey);
        break;
      }
      case 'all':
        await this.deleteMatching(`${escapeGlob(this.namespace)}:*`);
        break;
    }
    await this.strict('PUBLISH', this.channel.channel, this.channel.encode(invalidation));
  }

  private async deleteMatching(pattern: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = (await this.strict('SCAN', cursor, 'MATCH', pattern, 'COUNT', 500)) as [
        string,
        string[],
      ];
      cursor = next;
      if (keys.length > 0) await this.strict('DEL', ...keys);
    } while (cursor !== '0');
  }

  /** A command whose failure is absorbed: reported, and answered as `undefined`. */
  private command(
    operation: string,
    command: string,
    ...args: (string | number)[]
  ): Promise<unknown> {
    return this.strict(command, ...args).catch((error: unknown) => {
      this.options.onError?.(error, operation);
      return undefined;
    });
  }

  /** A command bounded by `commandTimeoutMs`; rejects on failure or timeout. */
  private strict(command: string, ...args: (string | number)[]): Promise<unknown> {
    return runRedisCommand(
      this.client,
      this.clock,
      this.options.commandTimeoutMs ?? 250,
      command,
      args,
    );
  }

  private entryKey(key: string): string {
    return `${this.namespace}:k:${key}`;
  }

  private tagKey(tag: string): string {
    return `${this.namespace}:t:${tag}`;
  }
}

/** A Redis-backed {@link CacheStore}; see {@link createRedisCacheStore}. */
export interface RedisCacheStore<V> extends CacheStore<V> {
  /** Resolves once the invalidation channel is subscribed. */
  ready(): Promise<void>;
}

/**
 * Creates a cache store shared by several instances through Redis: a local LRU layer answers hits,
 * Redis holds entries for the other instances, and invalidations are published so every instance
 * drops its local copy. When Redis is unreachable, reads and writes fall back to the local layer
 * (never failing), and invalidations are replayed once it is back.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createCache, createRedisCacheStore } from '@mrp-plm/resilience';
 *
 * const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
 *   enableOfflineQueue: false,
 * });
 * const store = createRedisCacheStore({
 *   client,
 *   namespace: 'mrp:plm',
 *   onError: (error, operation) => console.warn(`cache store ${operation}:`, error),
 * });
 * const cache = createCache({ store });
 * ```
 */
export function createRedisCacheStore<V = unknown>(
  options: RedisCacheStoreOptions,
): RedisCacheStore<V> {
  return new RedisBackedStore<V>(options);
}
