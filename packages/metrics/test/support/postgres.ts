import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const probe = async (): Promise<boolean> => {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** Whether Postgres is reachable; outside CI an unreachable server skips the tests visibly. */
export const postgresAvailable = await probe();
if (!postgresAvailable) {
  if (process.env.CI === 'true')
    throw new Error(`Postgres unreachable at ${databaseUrl} (CI=true)`);
  console.warn(`[metrics] Postgres unreachable at ${databaseUrl}: skipping Postgres tests`);
}

/** A fresh random schema name for one test file or test. */
export const randomSchema = (): string => `metrics_test_${randomBytes(6).toString('hex')}`;

/** Drops a schema created by a test. */
export const dropSchema = async (schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
};
