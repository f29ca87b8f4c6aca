/**
 * Turns cached values into text and back, for stores that serialise (the Redis store). A value
 * that goes through `encode` and `decode` must come back as the type the cache promises: pass a
 * reviving codec when values hold more than JSON (a `Date`, a `Map`, a class instance).
 * `decode` may throw on text it cannot read: the store reports that through its `onError` and
 * answers a cache miss, so the value is loaded again instead of the caller seeing the failure.
 *
 * @example
 * ```ts
 * import type { CacheCodec } from '@mrp-plm/resilience';
 *
 * const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
 * const revivingDates: CacheCodec = {
 *   encode: (value) => JSON.stringify(value),
 *   decode: (text) =>
 *     JSON.parse(text, (_key, value: unknown) =>
 *       typeof value === 'string' && isoDate.test(value) ? new Date(value) : value,
 *     ) as unknown,
 * };
 * ```
 */
export interface CacheCodec {
  /** The text stored for `value`. */
  encode(value: unknown): string;
  /** The value for text written by {@link CacheCodec.encode}; throws on text it cannot read. */
  decode(text: string): unknown;
}

/**
 * The default codec: `JSON.stringify` / `JSON.parse`. Right for JSON data (the PLM contract's
 * values are JSON-exact: dates are ISO-8601 strings); a `Date` would come back as a string.
 *
 * @example
 * ```ts
 * import { createRedisCacheStore, jsonCacheCodec, type RedisClientLike } from '@mrp-plm/resilience';
 *
 * declare const client: RedisClientLike;
 * const store = createRedisCacheStore({ client, codec: jsonCacheCodec });
 * ```
 */
export const jsonCacheCodec: CacheCodec = {
  encode: (value) => JSON.stringify(value),
  decode: (text) => JSON.parse(text) as unknown,
};
