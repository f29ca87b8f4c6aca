import { createServer, connect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCache, type InvalidationEvent } from '../src/Cache.js';
import type { CacheCodec } from '../src/CacheCodec.js';
import { createRedisCacheStore } from '../src/RedisCacheStore.js';
import { UnreadableCacheEntryError } from '../src/UnreadableCacheEntryError.js';
import { deferred, newClock } from './helpers.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const reachable = await (async () => {
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
})();
if (!reachable) {
  if (process.env.CI === 'true')
    throw new Error(`Redis is required in CI but ${redisUrl} is unreachable`);
  console.warn(`Skipping Redis store tests: ${redisUrl} is unreachable`);
}

/** A TCP proxy in front of Redis that the test can take away, as an outage would. */
class Proxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
    this.server = undefined;
  }
}

function waitFor(client: Redis, state: 'ready' | 'down'): Promise<void> {
  if (state === 'ready' && client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) =>
    client.once(state === 'ready' ? 'ready' : 'close', () => resolve()),
  );
}

describe.skipIf(!reachable)('Redis store (real Redis)', () => {
  const namespace = `resilience-test:${process.pid}:${Date.now()}`;
  const clients: Redis[] = [];
  const open = (url = redisUrl): Redis => {
    const client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 20,
    });
    client.on('error', () => undefined); // outages are expected here; the store reports them itself
    clients.push(client);
    return client;
  };
  let admin: Redis;

  beforeAll(async () => {
    admin = open();
    await waitFor(admin, 'ready');
  });

  afterAll(async () => {
    const keys = await admin.keys(`${namespace}*`);
    if (keys.length > 0) await admin.del(...keys);
    for (const client of clients) client.disconnect();
  });

  function instance(client: Redis, clock = newClock()) {
    const subscriber = client.duplicate();
    subscriber.on('error', () => undefined);
    clients.push(subscriber);
    const store = createRedisCacheStore<string>({ client, subscriber, namespace });
    const cache = createCache<string>({ clock, ttlMs: 60_000, staleIfErrorMs: 60_000, store });
    return { store, cache };
  }

  it('shares entries between instances and propagates invalidations by key, prefix and tag', async () => {
    const clock = newClock();
    const clientA = open();
    const clientB = open();
    await Promise.all([waitFor(clientA, 'ready'), waitFor(clientB, 'ready')]);
    const a = instance(clientA, clock);
    const b = instance(clientB, clock);
    await Promise.all([a.store.ready(), b.store.ready()]);

    await expect(a.cache.get('model:1', () => 'm1', { tags: ['catalog'] })).resolves.toMatchObject({
      status: 'miss',
    });
    await a.cache.get('model:2', () => 'm2', { tags: ['catalog'] });
    await a.cache.get('trim:7', () => 't7');
    const loader = vi.fn(() => 'from B');
    await expect(b.cache.get('model:1', loader)).resolves.toMatchObject({
      status: 'hit',
      value: 'm1',
    });
    await expect(b.cache.get('trim:7', loader)).resolves.toMatchObject({
      status: 'hit',
      value: 't7',
    });
    expect(loader).not.toHaveBeenCalled();

    const heard = (cache: typeof a.cache) => {
      const got = deferred<InvalidationEvent>();
      const off = cache.onInvalidate((e) => {
        if (e.origin === 'remote') {
          off();
          got.resolve(e);
        }
      });
      return got.promise;
    };

    let remote = heard(b.cache);
    await a.cache.invalidate('trim:7');
    expect(await remote).toMatchObject({
      invalidation: { kind: 'key', value: 'trim:7' },
      keys: ['trim:7'],
    });
    await expect(b.cache.get('trim:7', loader)).resolves.toMatchObject({
      status: 'miss',
      value: 'from B',
    });

    remote = heard(a.cache);
    await b.cache.invalidateTag('catalog');
    expect((await remote).keys).toEqual(expect.arrayContaining(['model:1', 'model:2']));
    expect(await admin.exists(`${namespace}:k:model:1`, `${namespace}:k:model:2`)).toBe(0);

    await a.cache.get('model:3', () => 'm3');
    remote = heard(b.cache);
    await b.cache.get('model:3', loader); // B now holds model:3 locally too
    await a.cache.invalidatePrefix('model:');
    expect((await remote).keys).toContain('model:3');
    expect(await admin.exists(`${namespace}:k:model:3`)).toBe(0);
    await a.cache.close();
    await b.cache.close();
  });

  it('degrades to the local cache when Redis goes away mid-test, and catches up when it is back', async () => {
    const { hostname, port } = new URL(redisUrl);
    const proxy = new Proxy({ host: hostname, port: Number(port || 6379) });
    await proxy.start();
    const clock = newClock();
    const clientA = open(`redis://127.0.0.1:${proxy.port}`);
    const clientB = open();
    await Promise.all([waitFor(clientA, 'ready'), waitFor(clientB, 'ready')]);
    const a = instance(clientA, clock);
    const b = instance(clientB, clock);
    await Promise.all([a.store.ready(), b.store.ready()]);
    await a.cache.get('config:1', () => 'c1');
    await b.cache.get('config:1', () => 'unused');

    const closed = waitFor(clientA, 'down');
    await proxy.stop(); // Redis is gone for instance A
    await closed;
    expect(clientA.status).not.toBe('ready');

    await expect(a.cache.get('config:1', () => 'unused')).resolves.toMatchObject({
      status: 'hit',
      value: 'c1',
    });
    await expect(a.cache.get('config:2', () => 'c2')).resolves.toMatchObject({
      status: 'miss',
      value: 'c2',
    });
    await expect(a.cache.get('config:2', () => 'unused')).resolves.toMatchObject({
      status: 'hit',
      value: 'c2',
    });
    await expect(a.cache.invalidate('config:1')).resolves.toEqual(['config:1']);

    // B still holds config:1 until A can tell it.
    await expect(b.cache.get('config:1', () => 'unused')).resolves.toMatchObject({ status: 'hit' });
    const heard = deferred<InvalidationEvent>();
    b.cache.onInvalidate((e) => e.origin === 'remote' && heard.resolve(e));
    await proxy.start(); // same port
    await waitFor(clientA, 'ready');
    await a.cache.get('config:2', () => 'unused'); // the next command replays what was missed
    expect(await heard.promise).toMatchObject({ invalidation: { kind: 'key', value: 'config:1' } });
    await expect(b.cache.get('config:1', () => 'reloaded')).resolves.toMatchObject({
      status: 'miss',
      value: 'reloaded',
    });
    await a.cache.close();
    await b.cache.close();
    await proxy.stop();
  });

  it('values survive the trip through two instances with a reviving codec (a Date stays a Date)', async () => {
    interface Stamped {
      readonly id: string;
      readonly updatedAt: Date;
      readonly history: readonly { readonly at: Date }[];
    }
    const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    const reviving: CacheCodec = {
      encode: (value) => JSON.stringify(value),
      decode: (text) =>
        JSON.parse(text, (_key, value: unknown) =>
          typeof value === 'string' && isoDate.test(value) ? new Date(value) : value,
        ) as unknown,
    };
    const clock = newClock();
    const clientA = open();
    const clientB = open();
    await Promise.all([waitFor(clientA, 'ready'), waitFor(clientB, 'ready')]);
    const make = (client: Redis, codec?: CacheCodec) => {
      const store = createRedisCacheStore<Stamped>({
        client,
        namespace: `${namespace}:codec`,
        ...(codec ? { codec } : {}),
      });
      return { store, cache: createCache<Stamped>({ clock, ttlMs: 60_000, store }) };
    };
    const clientPlain = open();
    await waitFor(clientPlain, 'ready');
    const a = make(clientA, reviving);
    const b = make(clientB, reviving);
    const plain = make(clientPlain);
    const original: Stamped = {
      id: 'MDL-000001',
      updatedAt: new Date('2026-03-02T10:00:00.000Z'),
      history: [{ at: new Date('2026-01-01T00:00:00.000Z') }],
    };
    await a.cache.get('model:MDL-000001', () => original);
    const loader = vi.fn((): Stamped => {
      throw new Error('must be served from Redis');
    });
    const fromB = await b.cache.get('model:MDL-000001', loader);
    expect(fromB.status).toBe('hit');
    expect(loader).not.toHaveBeenCalled();
    expect(fromB.value.updatedAt).toBeInstanceOf(Date);
    expect(fromB.value.updatedAt.getTime()).toBe(original.updatedAt.getTime());
    expect(fromB.value.history[0]!.at).toBeInstanceOf(Date);
    expect(fromB.value).toEqual(original);
    // The default JSON codec cannot revive it: that is why the option exists.
    const fromPlain = await plain.cache.get('model:MDL-000001', loader);
    expect(typeof fromPlain.value.updatedAt).toBe('string');
    await Promise.all([a.cache.close(), b.cache.close(), plain.cache.close()]);
  });

  it('an entry the codec cannot decode is reported through onError and served as a miss', async () => {
    const client = open();
    await waitFor(client, 'ready');
    const errors: { error: unknown; operation: string }[] = [];
    const refusing: CacheCodec = {
      encode: (value) => JSON.stringify(value),
      decode: () => {
        throw new SyntaxError('not ours');
      },
    };
    const ns = `${namespace}:decode`;
    const store = createRedisCacheStore<string>({
      client,
      namespace: ns,
      codec: refusing,
      onError: (error, operation) => errors.push({ error, operation }),
    });
    const cache = createCache<string>({ clock: newClock(), ttlMs: 60_000, store });
    // Written by another instance (a good codec), then read by this one.
    const writerClient = open();
    await waitFor(writerClient, 'ready');
    const writer = createRedisCacheStore<string>({ client: writerClient, namespace: ns });
    const writerCache = createCache<string>({ clock: newClock(), ttlMs: 60_000, store: writer });
    await writerCache.get('k', () => 'written');
    expect(await admin.exists(`${ns}:k:k`)).toBe(1);

    await expect(cache.get('k', () => 'reloaded')).resolves.toMatchObject({
      status: 'miss',
      value: 'reloaded',
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.operation).toBe('decode');
    expect(errors[0]!.error).toBeInstanceOf(UnreadableCacheEntryError);
    expect((errors[0]!.error as Error).cause).toBeInstanceOf(SyntaxError);

    // An entry in another format (0.1's single JSON line, or garbage) is a reported miss too.
    await admin.set(
      `${ns}:k:old`,
      JSON.stringify({ v: 'x', s: 0, f: 1, st: 1, e: 1, t: [], z: 0 }),
    );
    await expect(cache.get('old', () => 'fresh')).resolves.toMatchObject({
      status: 'miss',
      value: 'fresh',
    });
    expect(errors.map((e) => e.operation)).toEqual(['decode', 'decode']);
    await Promise.all([cache.close(), writerCache.close()]);
  });
});

describe('Redis store connection errors (no Redis listening)', () => {
  it('routes every connection\'s errors to onError: no "[ioredis] Unhandled error event"', async () => {
    // A port nobody listens on: bind one, then close it.
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));

    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // No error listener of its own, as a user who relies on the store's onError would write it.
    const client = new Redis(port, '127.0.0.1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => 20,
    });
    const operations = new Set<string>();
    const seen = deferred<void>();
    let errors = 0;
    const rounds = deferred<void>();
    const store = createRedisCacheStore<string>({
      client,
      namespace: `resilience-test:closed:${process.pid}`,
      onError: (error, operation) => {
        expect(error).toBeInstanceOf(Error);
        operations.add(operation);
        errors += 1;
        if (errors >= 8) rounds.resolve();
        if (operations.has('connection') && operations.has('subscriber')) seen.resolve();
      },
    });
    const cache = createCache<string>({ clock: newClock(), ttlMs: 60_000, store });
    try {
      await seen.promise;
      // Reads still answer, from the loader and then the local layer.
      await expect(cache.get('k', () => 'local')).resolves.toMatchObject({ status: 'miss' });
      await expect(cache.get('k', () => 'unused')).resolves.toMatchObject({ status: 'hit' });
      // Several reconnect rounds (observed through onError), each of which used to print one line
      // per connection.
      await rounds.promise;
      const unhandled = printed.mock.calls.filter((args) =>
        args.some((a) => typeof a === 'string' && a.includes('Unhandled error event')),
      );
      expect(unhandled).toEqual([]);
    } finally {
      await cache.close();
      client.disconnect();
      printed.mockRestore();
    }
  });
});
