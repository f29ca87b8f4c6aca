import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCache, type InvalidationEvent } from '../src/Cache.js';
import { createRedisCacheStore } from '../src/RedisCacheStore.js';
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
});
