import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createUsageMetrics } from '../src/createUsageMetrics.js';
import { InvalidUsageEventError } from '../src/InvalidUsageEventError.js';
import { createPostgresOutboxStore } from '../src/createPostgresOutboxStore.js';
import { createSqliteOutboxStore } from '../src/createSqliteOutboxStore.js';
import { makeEvent, testEventSchema } from './support/events.js';
import { databaseUrl, dropSchema, postgresAvailable, randomSchema } from './support/postgres.js';

const deliver = () => Promise.reject(new Error('not delivering in this test'));

describe('recordInTransaction (transactional outbox)', () => {
  it('SQLite: the event commits or rolls back with the work-order change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-tx-'));
    const db = new Database(join(dir, 'app.db'));
    db.exec('CREATE TABLE work_orders (id TEXT PRIMARY KEY)');
    const store = createSqliteOutboxStore({ database: db });
    const metrics = createUsageMetrics({ store, validate: testEventSchema, deliver });
    try {
      await metrics.stats(); // migrations before the application's transactions
      const save = (id: string, fail: boolean) =>
        db.transaction(() => {
          db.prepare('INSERT INTO work_orders (id) VALUES (?)').run(id);
          // Inserts synchronously inside this transaction; the promise only carries errors.
          void metrics
            .recordInTransaction(db, makeEvent({ workOrderId: id }))
            .catch(() => undefined);
          if (fail) throw new Error('work-order validation failed');
        })();
      save('WO-1', false);
      expect(() => save('WO-2', true)).toThrow('validation failed');
      expect(db.prepare('SELECT count(*) AS n FROM work_orders').get()).toEqual({ n: 1 });
      expect((await metrics.stats()).pending).toBe(1);
      await expect(
        metrics.recordInTransaction(db, { ...makeEvent(), quantity: 0 }),
      ).rejects.toBeInstanceOf(InvalidUsageEventError);
    } finally {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!postgresAvailable)(
    'Postgres: the event commits or rolls back with the work-order change',
    async () => {
      const schema = randomSchema();
      const pool = new pg.Pool({ connectionString: databaseUrl });
      const store = createPostgresOutboxStore({ pool, schema });
      const metrics = createUsageMetrics({ store, validate: testEventSchema, deliver });
      try {
        await pool.query(`CREATE SCHEMA "${schema}"`);
        await pool.query(`CREATE TABLE "${schema}".work_orders (id TEXT PRIMARY KEY)`);
        const save = async (id: string, fail: boolean) => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query(`INSERT INTO "${schema}".work_orders (id) VALUES ($1)`, [id]);
            await metrics.recordInTransaction(client, makeEvent({ workOrderId: id }));
            if (fail) throw new Error('work-order validation failed');
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          } finally {
            client.release();
          }
        };
        await save('WO-1', false);
        await expect(save('WO-2', true)).rejects.toThrow('validation failed');
        const { rows } = await pool.query(`SELECT id FROM "${schema}".work_orders`);
        expect(rows).toEqual([{ id: 'WO-1' }]);
        expect((await metrics.stats()).pending).toBe(1);
      } finally {
        await store.close();
        await pool.end();
        await dropSchema(schema);
      }
    },
  );
});
