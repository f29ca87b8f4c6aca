import type { SqliteDatabase } from '../SqliteDatabase.js';
import { sqliteMigrations } from './sqliteMigrations.js';

/**
 * WAL pages after which a commit of the store's own connection checkpoints (SQLite's default is
 * 1000, ~4 MB). Outbox event ids are random, so every batch touches pages all over the event-id
 * index; checkpointing ten times less often copies each of those pages back once instead of many
 * times, which made draining a 100,000-event backlog about 1.5x faster. The WAL file may then grow
 * to about 40 MB. Durability is unchanged: commits are still synced to the WAL.
 */
export const OWNED_WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Makes a handle safe for the outbox: WAL with `synchronous=FULL` (a committed record survives
 * power loss), a busy timeout for processes sharing the file, and the shipped migrations, applied
 * in an IMMEDIATE transaction so concurrent openers never race. On a connection the store opened
 * itself (`owned`), checkpoints are spaced out ({@link OWNED_WAL_AUTOCHECKPOINT_PAGES}); an
 * application's own handle keeps its setting.
 */
export const configureSqliteDatabase = (
  handle: SqliteDatabase,
  busyTimeoutMs: number,
  owned: boolean,
): void => {
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
  if (owned) handle.pragma(`wal_autocheckpoint = ${OWNED_WAL_AUTOCHECKPOINT_PAGES}`);
  handle.pragma(`busy_timeout = ${Math.floor(busyTimeoutMs)}`);
  handle
    .transaction(() => {
      handle.exec(
        'CREATE TABLE IF NOT EXISTS usage_metrics_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
      );
      const row = handle
        .prepare('SELECT max(version) AS v FROM usage_metrics_migrations')
        .get() as { v: number | null };
      for (const migration of sqliteMigrations) {
        if (migration.version <= (row.v ?? 0)) continue;
        handle.exec(migration.sql);
        handle
          .prepare('INSERT INTO usage_metrics_migrations (version, applied_at) VALUES (?, ?)')
          .run(migration.version, Date.now());
      }
    })
    .immediate();
};
