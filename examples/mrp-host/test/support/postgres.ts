import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test database (`DATABASE_URL`, else the local server the developers' guide names). */
export const testDatabaseUrl =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: testDatabaseUrl,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether Postgres is reachable; outside CI an unreachable server skips its tests visibly. */
export const postgresReachable = await reachable();
if (!postgresReachable) {
  if (process.env.CI === 'true')
    throw new Error(`Postgres unreachable at ${testDatabaseUrl} (CI=true)`);
  console.warn(`[mrp-host] Postgres unreachable at ${testDatabaseUrl}: skipping the Postgres runs`);
}

/** The engines the tests run on: both when Postgres is reachable. */
export const testEngines: readonly ('sqlite' | 'postgres')[] = postgresReachable
  ? ['sqlite', 'postgres']
  : ['sqlite'];

/** A fresh schema name for one host under test. */
export const uniqueSchema = (): string => `mrp_host_test_${randomBytes(6).toString('hex')}`;

/** Drops a test schema. */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
