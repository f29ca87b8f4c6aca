/*
 * The real Postgres and Redis the cross-instance tests use. Outside CI an unreachable server skips
 * those tests with a visible reason; under CI=true it fails the file.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(name: string, url: string, probe: () => Promise<unknown>) {
  try {
    await probe();
    return true;
  } catch {
    if (process.env.CI === 'true')
      throw new Error(`${name} is required in CI but ${url} is unreachable`);
    console.warn(`[mrp-integration] ${name} unreachable at ${url}: skipping its tests`);
    return false;
  }
}

/** Whether Postgres answers (probed once per test file). */
export const postgresAvailable = (): Promise<boolean> =>
  reachable('Postgres', databaseUrl, async () => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  });

/** Whether Redis answers (probed once per test file). */
export const redisAvailable = (): Promise<boolean> =>
  reachable('Redis', redisUrl, async () => {
    const probe = new Redis(redisUrl, {
      lazyConnect: true,
      connectTimeout: 1_000,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await probe.connect();
      await probe.ping();
    } finally {
      probe.disconnect();
    }
  });

/** A unique name per test file, so helpers sharing the servers never see each other's data. */
export const uniqueName = (prefix: string): string => `${prefix}_${randomBytes(6).toString('hex')}`;
