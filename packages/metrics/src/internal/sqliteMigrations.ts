/**
 * Schema of the SQLite outbox, as ordered migrations. Applied in one IMMEDIATE transaction with
 * the version table, so concurrent openers and re-runs are harmless. Times are ms since epoch.
 */
export const sqliteMigrations: readonly { readonly version: number; readonly sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE IF NOT EXISTS usage_batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  idempotency_key TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT
);
CREATE TABLE IF NOT EXISTS usage_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  batch_id INTEGER
);
CREATE INDEX IF NOT EXISTS usage_outbox_batch_seq ON usage_outbox (batch_id, seq);
CREATE TABLE IF NOT EXISTS usage_dead_letters (
  event_id TEXT PRIMARY KEY,
  payload TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  code TEXT,
  attempts INTEGER NOT NULL,
  dead_lettered_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS usage_dead_letters_at ON usage_dead_letters (dead_lettered_at);
`,
  },
  {
    // The receiver's problem details (RFC 9457, redacted JSON) of the delivery that failed.
    version: 2,
    sql: `ALTER TABLE usage_dead_letters ADD COLUMN problem TEXT;`,
  },
];
