import type { CacheCodec } from '../CacheCodec.js';
import type { CacheEntry } from '../CacheStore.js';
import { UnreadableCacheEntryError } from '../UnreadableCacheEntryError.js';

/**
 * Wire form of a {@link CacheEntry} in Redis: one line of JSON with the entry's timeline (short
 * keys, to keep every instance's payloads small), a newline, then the value as the codec wrote it.
 * The value is kept apart from the header so any codec's text is stored as is (no escaping inside a
 * JSON string), and the header is readable whatever the codec. Defined once, for both directions.
 */
interface WireHeader {
  /** Wire format version. */
  readonly w: 2;
  readonly s: number;
  readonly f: number;
  readonly st: number;
  readonly e: number;
  readonly t: readonly string[];
  readonly z: number;
}

/** Serialises an entry for a Redis `SET`; throws what the codec throws. */
export function encodeWireEntry<V>(entry: CacheEntry<V>, codec: CacheCodec): string {
  const header: WireHeader = {
    w: 2,
    s: entry.storedAt,
    f: entry.freshUntil,
    st: entry.staleUntil,
    e: entry.errorUntil,
    t: entry.tags,
    z: entry.size,
  };
  const text = codec.encode(entry.value);
  if (typeof text !== 'string') {
    throw new UnreadableCacheEntryError('The cache codec did not encode the value to a string');
  }
  return `${JSON.stringify(header)}\n${text}`;
}

function isHeader(value: unknown): value is WireHeader {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  return (
    h.w === 2 &&
    [h.s, h.f, h.st, h.e, h.z].every((n) => typeof n === 'number') &&
    Array.isArray(h.t) &&
    h.t.every((tag) => typeof tag === 'string')
  );
}

/**
 * Parses what {@link encodeWireEntry} wrote. Throws {@link UnreadableCacheEntryError} on another
 * format or a value the codec cannot decode (the store reports it and answers a miss).
 */
export function decodeWireEntry<V>(raw: string, codec: CacheCodec): CacheEntry<V> {
  const newline = raw.indexOf('\n');
  let header: unknown;
  try {
    header = newline < 0 ? undefined : JSON.parse(raw.slice(0, newline));
  } catch (error) {
    throw new UnreadableCacheEntryError('Unreadable cache entry header', { cause: error });
  }
  if (!isHeader(header)) throw new UnreadableCacheEntryError('Unknown cache entry format');
  let value: unknown;
  try {
    value = codec.decode(raw.slice(newline + 1));
  } catch (error) {
    throw new UnreadableCacheEntryError('The cache codec could not decode the value', {
      cause: error,
    });
  }
  return {
    // The codec is the caller's promise that decoded text is a V again.
    value: value as V,
    storedAt: header.s,
    freshUntil: header.f,
    staleUntil: header.st,
    errorUntil: header.e,
    tags: header.t,
    size: header.z,
  };
}
