/* eslint-disable @typescript-eslint/no-unsafe-member-access -- the API's JSON bodies are read loosely; the assertions check their shape */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstTrimOf, startHostHarness, type HostHarness } from './support/hostHarness.js';
import { openHostDatabase } from '../src/db/openHostDatabase.js';
import {
  dropTestSchema,
  postgresReachable,
  testDatabaseUrl,
  testEngines,
  uniqueSchema,
} from './support/postgres.js';

describe.each(testEngines)('storage (%s)', (engine) => {
  let h: HostHarness;
  beforeAll(async () => {
    h = await startHostHarness(engine, { PLM_MODE: 'disabled' });
  });
  afterAll(() => h?.close());

  it('the database itself refuses UPDATE and DELETE of work-order versions', async () => {
    const res = await h.api(await h.token('olga'), 'POST', '/api/work-orders', {
      modelId: 'M-1003',
      trimId: firstTrimOf(h, 'M-1003'),
      quantity: 1,
      dueDate: '2027-05-01',
    });
    expect(res.status).toBe(201);
    const id = Number(String(res.body.id).slice(3));
    const db = h.host.database.db;
    await expect(
      db
        .updateTable('work_order_versions')
        .set({ quantity: 99 })
        .where('work_order_id', '=', id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      db.deleteFrom('work_order_versions').where('work_order_id', '=', id).execute(),
    ).rejects.toThrow(/append-only/);
    // Raw SQL is refused the same way: the rule is in the database, not in the query layer.
    await expect(sql`update work_order_versions set snapshot = '{}'`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    if (engine === 'postgres') {
      await expect(sql`truncate work_order_versions cascade`.execute(db)).rejects.toThrow(
        /append-only/,
      );
    }
    const still = await db
      .selectFrom('work_order_versions')
      .selectAll()
      .where('work_order_id', '=', id)
      .execute();
    expect(still).toHaveLength(1);
    expect(still[0]!.quantity).toBe(1);
    // Inserting the next version is what the table is for.
    await db
      .insertInto('work_order_versions')
      .values({ ...still[0]!, version: 2, change: 'edited' })
      .execute();
  });

  it('migrations are versioned and idempotent; a restart seeds nothing twice', async () => {
    const again = await h.host.database.migrate();
    expect(again).toEqual([]);
    const applied = await sql<{
      name: string;
    }>`select name from kysely_migration order by name`.execute(h.host.database.db);
    expect(applied.rows.map((r) => r.name)).toEqual([
      '0001_people_and_audit',
      '0002_product_tables',
      '0003_work_orders',
    ]);
  });

  it('the usage outbox lives in the same database', async () => {
    const tables =
      engine === 'sqlite'
        ? await sql<{
            name: string;
          }>`select name from sqlite_master where type = 'table' and name like 'usage_%'`.execute(
            h.host.database.db,
          )
        : await sql<{
            name: string;
          }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name like 'usage_%'`.execute(
            h.host.database.db,
          );
    expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['usage_outbox']));
  });
});

describe.runIf(postgresReachable)('storage (postgres, a schema per instance)', () => {
  it('migrates a second schema while another schema already holds Kysely migration tables', async () => {
    const schemas = [uniqueSchema(), uniqueSchema()];
    const opened = [];
    try {
      for (const schema of schemas) {
        const database = await openHostDatabase({
          engine: 'postgres',
          url: testDatabaseUrl,
          schema,
        });
        opened.push(database);
        expect((await database.migrate()).map((r) => r.status)).toEqual([
          'Success',
          'Success',
          'Success',
        ]);
      }
      for (const [i, database] of opened.entries()) {
        const tables = await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables
          where table_schema = ${schemas[i]!} and table_name like 'kysely_migration%' order by 1`.execute(
          database.db,
        );
        expect(tables.rows.map((r) => r.name)).toEqual([
          'kysely_migration',
          'kysely_migration_lock',
        ]);
      }
    } finally {
      for (const database of opened) await database.close();
      for (const schema of schemas) await dropTestSchema(schema);
    }
  });
});
