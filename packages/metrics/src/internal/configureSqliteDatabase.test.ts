import Database from 'better-sqlite3';
import type { SqliteDatabase } from '../SqliteDatabase.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteOutboxStore } from '../createSqliteOutboxStore.js';
import {
  configureSqliteDatabase,
  OWNED_WAL_AUTOCHECKPOINT_PAGES,
} from './configureSqliteDatabase.js';

const dirs: string[] = [];
const dbPath = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-configure-'));
  dirs.push(dir);
  return join(dir, 'outbox.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const setting = (handle: SqliteDatabase, name: string): unknown =>
  handle.pragma(name, { simple: true });

describe('configureSqliteDatabase', () => {
  it('sets WAL, synchronous=FULL and spaced-out checkpoints on a connection the store owns', () => {
    const handle = new Database(dbPath());
    try {
      configureSqliteDatabase(handle, 5000, true);
      expect(setting(handle, 'journal_mode')).toBe('wal');
      expect(setting(handle, 'synchronous')).toBe(2); // FULL
      expect(setting(handle, 'wal_autocheckpoint')).toBe(OWNED_WAL_AUTOCHECKPOINT_PAGES);
    } finally {
      handle.close();
    }
  });

  it("leaves the checkpoint interval of an application's own handle alone", async () => {
    const handle = new Database(dbPath());
    try {
      handle.pragma('wal_autocheckpoint = 500');
      const store = createSqliteOutboxStore({ database: handle });
      await store.init();
      expect(setting(handle, 'wal_autocheckpoint')).toBe(500);
      expect(setting(handle, 'synchronous')).toBe(2);
      await store.close();
    } finally {
      handle.close();
    }
  });
});
