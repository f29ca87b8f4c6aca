import { postgresMigrations } from './internal/postgresMigrations.js';
import { quotePostgresSchema } from './internal/quotePostgresSchema.js';

/**
 * The SQL of the shipped migrations for `schema`, in order, for teams that run migrations with
 * their own tooling (then pass `migrate: false`). Every statement is idempotent. Throws
 * {@link OutboxStoreError} for a schema name that is not a plain identifier.
 *
 * @example
 * ```ts
 * for (const { version, sql } of postgresMigrationSql('metrics')) await pool.query(sql);
 * ```
 */
export const postgresMigrationSql = (
  schema = 'public',
): readonly { readonly version: number; readonly sql: string }[] => {
  const q = quotePostgresSchema(schema);
  return [
    {
      version: 0,
      sql: `CREATE SCHEMA IF NOT EXISTS ${q};
CREATE TABLE IF NOT EXISTS ${q}.usage_metrics_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);`,
    },
    ...postgresMigrations(q),
  ];
};
