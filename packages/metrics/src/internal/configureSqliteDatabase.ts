import type Database from 'better-sqlite3';
import { sqliteMigrations } from './sqliteMigrations.js';

/**
 * Makes a handle safe for the outbox: WAL with `synchronous=FULL` (a committed record survives
 * power loss), a busy timeout for processes sharing the file, and the shipped migrations, applied
 * in an IMMEDIATE transaction so concurrent openers never race.
 */
export const configureSqliteDatabase = (handle: Database.Database, busyTimeoutMs: number): void => {
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = FULL');
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
