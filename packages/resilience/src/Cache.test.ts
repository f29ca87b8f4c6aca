import { describe, expect, it, vi } from 'vitest';
import { deferred, flush, newClock } from '../test/helpers.js';
import { createCache, type InvalidationEvent } from './Cache.js';
import { createMemoryCacheStore } from './MemoryCacheStore.js';

describe('createCache', () => {
  it('single-flight: 10,000 concurrent callers cause exactly one load', async () => {
    const cache = createCache<string>({ clock: newClock() });
    const gate = deferred<string>();
    const loader = vi.fn(() => gate.promise);
    const callers = Array.from({ length: 10_000 }, () => cache.get('model:1', loader));
    gate.resolve('config');
    const results = await Promise.all(callers);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(results.every((r) => r.value === 'config' && r.status === 'miss')).toBe(true);
    await expect(cache.get('model:1', loader)).resolves.toMatchObject({
      status: 'hit',
      value: 'config',
    });
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('a failed load rejects every waiting caller and caches nothing', async () => {
    const cache = createCache<string>({ clock: newClock() });
    const gate = deferred<string>();
    const callers = Array.from({ length: 100 }, () =>
      cache.get('k', () => gate.promise).catch((e: unknown) => e),
    );
    gate.reject(new Error('plm down'));
    const results = await Promise.all(callers);
    expect(results.every((r) => r instanceof Error && r.message === 'plm down')).toBe(true);
    const loader = vi.fn(() => 'fresh');
    await expect(cache.get('k', loader)).resolves.toMatchObject({ status: 'miss', value: 'fresh' });
    expect(loader).toHaveBeenCalledOnce();
  });

  it('serves hits until the TTL, with their age', async () => {
    const clock = newClock();
    const cache = createCache<number>({ clock, ttlMs: 1_000 });
    await cache.get('k', () => 1);
    clock.advanceSync(999);
    await expect(cache.get('k', () => 2)).resolves.toEqual({ value: 1, status: 'hit', ageMs: 999 });
    clock.advanceSync(1);
    await expect(cache.get('k', () => 2)).resolves.toEqual({ value: 2, status: 'miss', ageMs: 0 });
  });

  it('stale-while-revalidate serves stale and refreshes once in the background', async () => {
    const clock = newClock();
    const cache = createCache<string>({ clock, ttlMs: 1_000, staleWhileRevalidateMs: 5_000 });
    await cache.get('k', () => 'v1');
    clock.advanceSync(2_000);
    const gate = deferred<string>();
    const loader = vi.fn(() => gate.promise);
    const stale = await Promise.all(Array.from({ length: 50 }, () => cache.get('k', loader)));
    expect(stale.every((r) => r.status === 'stale' && r.value === 'v1' && r.ageMs === 2_000)).toBe(
      true,
    );
    expect(loader).toHaveBeenCalledOnce();
    gate.resolve('v2');
    await flush();
    await expect(cache.get('k', loader)).resolves.toEqual({ value: 'v2', status: 'hit', ageMs: 0 });
    expect(loader).toHaveBeenCalledOnce();
  });

  it('stale-if-error serves the old value when the loader fails inside the window', async () => {
    const clock = newClock();
    const cache = createCache<string>({ clock, ttlMs: 1_000, staleIfErrorMs: 10_000 });
    await cache.get('k', () => 'v1');
    clock.advanceSync(5_000);
    const failing = (): Promise<string> => Promise.reject(new Error('plm down'));
    await expect(cache.get('k', failing)).resolves.toEqual({
      value: 'v1',
      status: 'stale-if-error',
      ageMs: 5_000,
    });
    clock.advanceSync(6_000);
    await expect(cache.get('k', failing)).rejects.toThrow('plm down');
  });

  it('a failed background refresh keeps serving stale', async () => {
    const clock = newClock();
    const cache = createCache<string>({ clock, ttlMs: 1_000, staleWhileRevalidateMs: 5_000 });
    await cache.get('k', () => 'v1');
    clock.advanceSync(1_500);
    await expect(cache.get('k', () => Promise.reject(new Error('x')))).resolves.toMatchObject({
      status: 'stale',
    });
    await flush();
    await expect(cache.get('k', () => 'v2')).resolves.toMatchObject({
      status: 'stale',
      value: 'v1',
    });
  });

  it('bounds entries with LRU eviction', async () => {
    const cache = createCache<number>({ clock: newClock(), maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, () => 1);
    await cache.get('a', () => 9); // a is now most recent
    await cache.get('d', () => 1); // evicts b
    const loader = vi.fn(() => 2);
    await expect(cache.get('a', loader)).resolves.toMatchObject({ status: 'hit' });
    await expect(cache.get('b', loader)).resolves.toMatchObject({ status: 'miss' });
    expect(loader).toHaveBeenCalledOnce();
  });

  it('bounds approximate bytes', () => {
    const store = createMemoryCacheStore<string>({ maxBytes: 100 });
    const entry = (value: string) => ({
      value,
      storedAt: 0,
      freshUntil: 1,
      staleUntil: 1,
      errorUntil: 1,
      tags: [],
      size: value.length * 2,
    });
    store.set('a', entry('x'.repeat(20)));
    store.set('b', entry('y'.repeat(20)));
    expect(store.bytes).toBe(80);
    store.set('c', entry('z'.repeat(20)));
    expect(store.keys()).toEqual(['c', 'b']);
    expect(store.bytes).toBeLessThanOrEqual(100);
  });

  it('invalidates by key, prefix and tag, and runs onInvalidate hooks', async () => {
    const cache = createCache<string>({ clock: newClock() });
    const seen: InvalidationEvent[] = [];
    cache.onInvalidate((e) => seen.push(e));
    await cache.get('model:1', () => 'm1', { tags: ['catalog'] });
    await cache.get('model:2', () => 'm2', { tags: ['catalog', 'model:2'] });
    await cache.get('trim:1', () => 't1', { tags: ['model:2'] });
    await cache.get('feature:1', () => 'f1');
    expect(await cache.invalidate('feature:1')).toEqual(['feature:1']);
    expect([...(await cache.invalidatePrefix('model:'))].sort()).toEqual(['model:1', 'model:2']);
    expect(await cache.invalidateTag('model:2')).toEqual(['trim:1']);
    expect(seen.map((e) => [e.invalidation.kind, e.keys.length, e.origin])).toEqual([
      ['key', 1, 'local'],
      ['prefix', 2, 'local'],
      ['tag', 1, 'local'],
    ]);
    const loader = vi.fn(() => 'again');
    for (const key of ['model:1', 'model:2', 'trim:1', 'feature:1']) {
      await expect(cache.get(key, loader)).resolves.toMatchObject({ status: 'miss' });
    }
  });

  it('a load in flight during an invalidation does not write its older value', async () => {
    const cache = createCache<string>({ clock: newClock() });
    const gate = deferred<string>();
    const first = cache.get('k', () => gate.promise);
    await cache.invalidate('k');
    gate.resolve('old');
    await expect(first).resolves.toMatchObject({ value: 'old' });
    await expect(cache.get('k', () => 'new')).resolves.toMatchObject({
      status: 'miss',
      value: 'new',
    });
  });

  describe('peek', () => {
    it('answers a fresh hit synchronously, as get reports it, and nothing else', async () => {
      const clock = newClock();
      const events: unknown[] = [];
      const cache = createCache<string>({
        clock,
        ttlMs: 1_000,
        staleWhileRevalidateMs: 5_000,
        onEvent: (e) => events.push(e),
      });
      expect(cache.peek('k')).toBeUndefined(); // never read: the store's kind is not known yet
      await cache.get('k', () => 'v1');
      events.length = 0;
      clock.advanceSync(400);
      expect(cache.peek('k')).toEqual({ value: 'v1', status: 'hit', ageMs: 400 });
      expect(cache.peek('k', clock.now() + 100)).toEqual({
        value: 'v1',
        status: 'hit',
        ageMs: 500,
      });
      expect(events).toEqual([
        { type: 'cache.served', at: 400, key: 'k', status: 'hit', ageMs: 400 },
        { type: 'cache.served', at: 500, key: 'k', status: 'hit', ageMs: 500 },
      ]);
      // Unreported: the same hit, no event (the caller counts it itself).
      expect(cache.peek('k', clock.now() + 200, false)).toEqual({
        value: 'v1',
        status: 'hit',
        ageMs: 600,
      });
      expect(events).toHaveLength(2);
      expect(cache.peek('k', clock.now() + 600, false)).toBeUndefined(); // stale: no hit at all
      expect(cache.peek('other')).toBeUndefined();
      clock.advanceSync(600); // stale now: peek serves nothing and starts no refresh
      expect(cache.peek('k')).toBeUndefined();
      expect(events).toHaveLength(2);
      const loader = vi.fn(() => 'v2');
      await expect(cache.get('k', loader)).resolves.toMatchObject({ status: 'stale' });
      expect(loader).toHaveBeenCalledOnce();
    });

    it('leaves a load in flight to get (its callers wait for it)', async () => {
      const cache = createCache<string>({ clock: newClock() });
      await cache.get('seen', () => 'x');
      await cache.set('k', 'old');
      await cache.invalidate('k');
      const gate = deferred<string>();
      const waiting = cache.get('k', () => gate.promise);
      await cache.set('k', 'set meanwhile');
      expect(cache.peek('k')).toBeUndefined();
      gate.resolve('loaded');
      await expect(waiting).resolves.toMatchObject({ value: 'loaded', status: 'miss' });
      expect(cache.peek('k')).toMatchObject({ value: 'set meanwhile', status: 'hit' });
    });

    it('never reads a store whose reads answer with a promise', async () => {
      const clock = newClock();
      const memory = createMemoryCacheStore<string>();
      const reads: string[] = [];
      const cache = createCache<string>({
        clock,
        store: {
          get: (key) => {
            reads.push(key);
            return Promise.resolve(memory.get(key));
          },
          set: (key, entry) => memory.set(key, entry),
          invalidate: (invalidation) => memory.invalidate(invalidation),
        },
      });
      await cache.get('k', () => 'v');
      await expect(cache.get('k', () => 'w')).resolves.toMatchObject({ value: 'v', status: 'hit' });
      reads.length = 0;
      expect(cache.peek('k')).toBeUndefined();
      expect(reads).toEqual([]);
    });
  });
});
