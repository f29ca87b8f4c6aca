import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The test Redis (`REDIS_URL`, else the local server the developers' guide names). */
export const testRedisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(): Promise<boolean> {
  const client = new Redis(testRedisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Whether Redis is reachable; outside CI an unreachable server skips its tests visibly. */
export const redisReachable = await reachable();
if (!redisReachable) {
  if (process.env.CI === 'true') throw new Error(`Redis unreachable at ${testRedisUrl} (CI=true)`);
  console.warn(`[mrp-host] Redis unreachable at ${testRedisUrl}: skipping the Redis runs`);
}

/** A fresh key namespace for one test file's hosts. */
export const uniqueRedisNamespace = (): string => `mrp-host-test-${randomBytes(6).toString('hex')}`;

/** Deletes every key of a namespace (bounded SCAN). */
export async function dropRedisNamespace(namespace: string): Promise<void> {
  const client = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    for (let i = 0; i < 1000; i++) {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    client.disconnect();
  }
}
