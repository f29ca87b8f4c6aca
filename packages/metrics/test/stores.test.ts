import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createMemoryOutboxStore } from '../src/createMemoryOutboxStore.js';
import { createPostgresOutboxStore } from '../src/createPostgresOutboxStore.js';
import type { PostgresTransaction } from '../src/PostgresPool.js';
import { createSqliteOutboxStore } from '../src/createSqliteOutboxStore.js';
import type { SqliteDatabase } from '../src/SqliteDatabase.js';
import { TransactionNotSupportedError } from '../src/TransactionNotSupportedError.js';
import { storeContract } from './storeContract.js';
import { databaseUrl, dropSchema, postgresAvailable, randomSchema } from './support/postgres.js';

describe('createMemoryOutboxStore', () => {
  storeContract(() => ({
    create: () => Promise.resolve(createMemoryOutboxStore()),
    cleanup: () => Promise.resolve(),
  }));

  it('cannot join a caller transaction', async () => {
    await expect(
      createMemoryOutboxStore().appendInTransaction(undefined as never, []),
    ).rejects.toBeInstanceOf(TransactionNotSupportedError);
  });
});

describe('createSqliteOutboxStore', () => {
  storeContract<SqliteDatabase>(() => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-sqlite-'));
    const path = join(dir, 'outbox.db');
    let shared: SqliteDatabase | undefined;
    return {
      create: () => {
        // The first store shares a handle with "the application", so transactions can be tested.
        if (shared === undefined) {
          shared = new Database(path);
          return Promise.resolve(createSqliteOutboxStore({ database: shared }));
        }
        return Promise.resolve(createSqliteOutboxStore({ path }));
      },
      reopen: () => Promise.resolve(createSqliteOutboxStore({ path })),
      transaction: (commit, body) => {
        const db = shared!;
        db.exec('BEGIN');
        // better-sqlite3 inserts synchronously; the promise only reports errors.
        return body(db).then(() => {
          if (commit) db.exec('COMMIT');
          else {
            db.exec('ROLLBACK');
            throw new Error('rollback');
          }
        });
      },
      cleanup: () => {
        shared?.close();
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  });

  it('uses WAL with synchronous=FULL and refuses a foreign handle or no transaction', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-sqlite-'));
    const db = new Database(join(dir, 'o.db'));
    const store = createSqliteOutboxStore({ database: db });
    try {
      await store.init();
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      await expect(store.appendInTransaction(db, [])).rejects.toBeInstanceOf(
        TransactionNotSupportedError,
      );
      const other = new Database(':memory:');
      other.exec('BEGIN');
      await expect(store.appendInTransaction(other, [])).rejects.toBeInstanceOf(
        TransactionNotSupportedError,
      );
      other.close();
    } finally {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!postgresAvailable)('createPostgresOutboxStore', () => {
  storeContract<PostgresTransaction>(() => {
    const schema = randomSchema();
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
    return {
      create: () => Promise.resolve(createPostgresOutboxStore({ pool, schema })),
      reopen: () =>
        Promise.resolve(createPostgresOutboxStore({ connectionString: databaseUrl, schema })),
      transaction: async (commit, body) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await body(client);
          await client.query(commit ? 'COMMIT' : 'ROLLBACK');
          if (!commit) throw new Error('rollback');
        } finally {
          client.release();
        }
      },
      cleanup: async () => {
        await pool.end();
        await dropSchema(schema);
      },
    };
  });

  it('runs its migrations idempotently when several workers start together', async () => {
    const schema = randomSchema();
    const stores = Array.from({ length: 4 }, () =>
      createPostgresOutboxStore({ connectionString: databaseUrl, schema }),
    );
    try {
      await Promise.all(stores.map((s) => s.init()));
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const { rows } = await client.query<{ version: number }>(
        `SELECT version FROM "${schema}".usage_metrics_migrations ORDER BY version`,
      );
      await client.end();
      expect(rows.map((r) => r.version)).toEqual([1, 2]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await dropSchema(schema);
    }
  });
});
