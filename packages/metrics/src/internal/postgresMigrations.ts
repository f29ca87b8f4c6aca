/**
 * Schema of the Postgres outbox in `schema` (already validated and quoted), as ordered migrations.
 * Applied under a transaction-scoped advisory lock with the version table, so concurrent workers
 * starting together and re-runs are harmless. Times are ms since epoch (the workers' clock).
 */
export const postgresMigrations = (
  schema: string,
): readonly { readonly version: number; readonly sql: string }[] => [
  {
    version: 1,
    sql: `
CREATE TABLE IF NOT EXISTS ${schema}.usage_batches (
  id BIGSERIAL PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  last_error TEXT
);
CREATE TABLE IF NOT EXISTS ${schema}.usage_outbox (
  seq BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  batch_id BIGINT
);
CREATE INDEX IF NOT EXISTS usage_outbox_unbatched ON ${schema}.usage_outbox (seq) WHERE batch_id IS NULL;
CREATE INDEX IF NOT EXISTS usage_outbox_batch ON ${schema}.usage_outbox (batch_id) WHERE batch_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${schema}.usage_dead_letters (
  event_id TEXT PRIMARY KEY,
  payload TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  code TEXT,
  attempts INTEGER NOT NULL,
  dead_lettered_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS usage_dead_letters_at ON ${schema}.usage_dead_letters (dead_lettered_at);
`,
  },
  {
    // The receiver's problem details (RFC 9457, redacted JSON) of the delivery that failed.
    version: 2,
    sql: `ALTER TABLE ${schema}.usage_dead_letters ADD COLUMN IF NOT EXISTS problem TEXT;`,
  },
];
