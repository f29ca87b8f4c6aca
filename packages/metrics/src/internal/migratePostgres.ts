import type { PostgresPool } from '../PostgresPool.js';
import { postgresMigrationSql } from '../postgresMigrationSql.js';
import { quotePostgresSchema } from './quotePostgresSchema.js';

/** Arbitrary constant identifying this package's migration advisory lock. */
const MIGRATION_LOCK = 7_305_511_024;

/**
 * Applies the shipped migrations not yet recorded in the version table, in one transaction under
 * an advisory lock, so workers starting together never race and a re-run is a no-op.
 */
export const migratePostgres = async (pool: PostgresPool, schemaName: string): Promise<void> => {
  const q = quotePostgresSchema(schemaName);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const [setup, ...rest] = postgresMigrationSql(schemaName);
    await client.query(setup!.sql);
    const { rows } = await client.query<{ v: number | null }>(
      `SELECT max(version) AS v FROM ${q}.usage_metrics_migrations`,
    );
    for (const migration of rest) {
      if (migration.version <= (rows[0]?.v ?? 0)) continue;
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO ${q}.usage_metrics_migrations (version, applied_at) VALUES ($1, $2)`,
        [migration.version, Date.now()],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};
