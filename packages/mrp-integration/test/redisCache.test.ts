import { createRedisCacheStore, type RedisCacheStore } from '@mrp-plm/resilience';
import { signWebhook, startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createCatalogWebhookHandler,
  plmCacheCodec,
  type CatalogWebhookHandler,
  type PlmCacheEntry,
} from '../src/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { redisAvailable, redisUrl, uniqueName } from './support/services.js';

const available = await redisAvailable();
const SECRET = 'whsec-redis-test';

/** One instance: its own Redis connections to the shared namespace, its own integration. */
interface Instance {
  readonly h: Harness;
  readonly store: RedisCacheStore<PlmCacheEntry>;
  readonly client: Redis;
  readonly errors: { operation: string; error: unknown }[];
}

describe.skipIf(!available)('two instances sharing the Redis cache store', () => {
  const namespace = uniqueName('mrp_integration_cache');
  let mock: PlmMock;
  let a: Instance;
  let b: Instance;
  let webhookOnA: CatalogWebhookHandler;

  async function instance(): Promise<Instance> {
    const client = new Redis(redisUrl, { enableOfflineQueue: false });
    await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    const errors: Instance['errors'] = [];
    const store = createRedisCacheStore<PlmCacheEntry>({
      client,
      namespace,
      codec: plmCacheCodec,
      onError: (error, operation) => errors.push({ operation, error }),
    });
    await store.ready();
    const h = await startHarness({}, { cacheStore: store }, mock);
    return { h, store, client, errors };
  }

  beforeAll(async () => {
    mock = await startPlmMock({ seed: 1, models: 50 });
    a = await instance();
    b = await instance();
    webhookOnA = createCatalogWebhookHandler(a.h.integration, { secret: SECRET });
  });
  afterAll(async () => {
    for (const i of [a, b]) {
      if (i === undefined) continue;
      await i.h.close();
      const keys = await i.client.keys(`${namespace}:*`);
      if (keys.length > 0) await i.client.del(...keys);
      i.client.disconnect();
    }
    await mock?.close();
  });

  const modelConfigRequests = () =>
    Object.values(mock.stats().requests.getModelConfig ?? {}).reduce((n, c) => n + c, 0);

  /** Resolves when `store` hears a remote invalidation (pub/sub), bounded in time. */
  const remoteInvalidation = (store: RedisCacheStore<PlmCacheEntry>) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no invalidation within 5 s')), 5_000);
      const off = store.onRemoteInvalidation!(() => {
        clearTimeout(timer);
        off();
        resolve();
      });
    });

  test("one instance's PLM answer serves the other, with the cached types intact", async () => {
    const first = await a.h.integration.getModelConfig('M-1001');
    expect(first.provenance).toMatchObject({ dataSource: 'plm', cache: 'miss' });
    const requests = modelConfigRequests();
    const onB = await b.h.integration.getModelConfig('M-1001');
    expect(onB.provenance).toMatchObject({ dataSource: 'plm', cache: 'hit' });
    expect(modelConfigRequests()).toBe(requests); // B asked Redis, not PLM
    expect(onB.data).toEqual(first.data);
    expect(onB.provenance.plmPayloadSha256).toBe(first.provenance.plmPayloadSha256);
    expect(onB.provenance.plmPayload).toEqual(first.provenance.plmPayload);
    expect(b.errors).toEqual([]);
  });

  test('a catalog.changed received by one instance invalidates the entry on the other', async () => {
    await a.h.integration.getModelConfig('M-1002');
    expect((await b.h.integration.getModelConfig('M-1002')).provenance.cache).toBe('hit');
    expect((await b.h.integration.getModelConfig('M-1003')).provenance.cache).toBe('miss');
    const heardOnB = remoteInvalidation(b.store);
    const body = JSON.stringify({
      id: '3f0e9a52-1b7c-4c59-9a51-2f1d0c2b7e01',
      type: 'catalog.changed',
      occurredAt: '2026-03-02T09:41:17Z',
      modelIds: ['MDL-000002'],
      etag: '"c2f0a4b7e91d"',
    });
    const response = await webhookOnA(
      new Request('http://mrp-a.local/hooks/plm', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'PLM-Signature': signWebhook(SECRET, body, Math.floor(Date.now() / 1000)),
          'PLM-Webhook-Id': '3f0e9a52-1b7c-4c59-9a51-2f1d0c2b7e01',
        },
        body,
      }),
    );
    expect(response.status).toBe(204);
    await heardOnB;
    const requests = modelConfigRequests();
    const reread = await b.h.integration.getModelConfig('M-1002');
    expect(reread.provenance).toMatchObject({ dataSource: 'plm', cache: 'miss' });
    expect(modelConfigRequests()).toBe(requests + 1);
    // A model the event does not name keeps its shared entry.
    expect((await b.h.integration.getModelConfig('M-1003')).provenance.cache).toBe('hit');
  });

  test('an entry that is not what the integration cached is refused and read again from PLM', async () => {
    await a.h.integration.getModelConfig('M-1004');
    const key = `${namespace}:k:model:MDL-000004`;
    const stored = await a.client.get(key);
    expect(stored).not.toBeNull();
    // Tamper with the payload only: its sha256 no longer matches.
    await a.client.set(key, stored!.replace('"MDL-000004"', '"MDL-999999"'), 'KEEPTTL');
    const requests = modelConfigRequests();
    const onB = await b.h.integration.getModelConfig('M-1004');
    expect(onB.provenance.cache).toBe('miss');
    expect(modelConfigRequests()).toBe(requests + 1);
    expect(b.errors.map((e) => e.operation)).toContain('decode');
  });
});
