/* eslint-disable @typescript-eslint/no-unsafe-member-access -- the API's JSON bodies are read loosely; the assertions check their shape */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveProducts, ProductsArchiveError } from '../src/index.js';
import {
  firstTrimOf,
  startHostHarness,
  TEST_MODELS,
  type HostHarness,
} from './support/hostHarness.js';
import { testEngines } from './support/postgres.js';

describe.each(testEngines)('archive-products (%s)', (engine) => {
  describe('while PLM lacks models', () => {
    let h: HostHarness;
    beforeAll(async () => {
      h = await startHostHarness(engine, {}, { mockModels: TEST_MODELS - 2 });
    });
    afterAll(() => h?.close());

    it('refuses and names the active models PLM does not serve (M-1011 is only planned); nothing is archived', async () => {
      const refused = archiveProducts(h.host.database, h.host.config.plm, {
        by: 'test',
        clock: h.clock,
      });
      await expect(refused).rejects.toBeInstanceOf(ProductsArchiveError);
      await expect(refused).rejects.toMatchObject({
        reason: 'plm-incomplete',
        missingInPlm: ['M-1012'],
      });
      const row = await h.host.database.db
        .selectFrom('product_archive')
        .selectAll()
        .executeTakeFirst();
      expect(row).toBeUndefined();
    });
  });

  describe('once PLM serves every model', () => {
    let h: HostHarness;
    const created: { id: string; source: string }[] = [];
    beforeAll(async () => {
      h = await startHostHarness(engine, { PLM_ENABLED_FOR_MODELS: 'M-1001' });
      const olga = await h.token('olga');
      for (const modelId of ['M-1001', 'M-1002']) {
        const res = await h.api(olga, 'POST', '/api/work-orders', {
          modelId,
          trimId: firstTrimOf(h, modelId),
          quantity: 1,
          dueDate: '2027-04-01',
        });
        expect(res.status).toBe(201);
        created.push({ id: res.body.id as string, source: res.body.dataSource as string });
      }
    });
    afterAll(() => h?.close());

    it('copies the product tables and makes them read-only', async () => {
      const db = h.host.database.db;
      const state = await archiveProducts(h.host.database, h.host.config.plm, {
        by: 'ops',
        clock: h.clock,
      });
      expect(state).toMatchObject({ archived: true, archivedBy: 'ops' });
      const models = await sql<{ n: number }>`select count(*) as n from archive_mrp_models`.execute(
        db,
      );
      expect(Number(models.rows[0]!.n)).toBe(TEST_MODELS);
      const lines = await sql<{
        n: number;
      }>`select count(*) as n from archive_mrp_bom_lines`.execute(db);
      expect(Number(lines.rows[0]!.n)).toBeGreaterThan(0);
      await expect(db.updateTable('mrp_models').set({ name: 'x' }).execute()).rejects.toThrow(
        /archived/,
      );
      await expect(db.deleteFrom('mrp_trims').execute()).rejects.toThrow(/archived/);
      await expect(
        db
          .insertInto('mrp_id_translation')
          .values({ kind: 'model', plm_id: 'MDL-X', mrp_id: 'M-X' })
          .execute(),
      ).rejects.toThrow(/archived/);
      await expect(
        archiveProducts(h.host.database, h.host.config.plm, { by: 'ops', clock: h.clock }),
      ).rejects.toMatchObject({ reason: 'already-archived' });
    });

    it('historical PLM- and MRP-sourced work orders stay readable and replayable', async () => {
      const olga = await h.token('olga');
      expect(created.map((c) => c.source)).toEqual(['plm', 'mrp']);
      for (const { id } of created) {
        const detail = await h.api(olga, 'GET', `/api/work-orders/${id}`);
        expect(detail.status).toBe(200);
        expect(detail.body.versions[0].bom.lines.length).toBeGreaterThan(0);
        const replay = await h.api(olga, 'GET', `/api/work-orders/${id}/versions/1/replay`);
        expect(replay.body).toMatchObject({
          verification: { valid: true },
          replay: { equal: true },
        });
      }
      // The deprecated API still reads the frozen tables until its sunset.
      expect((await h.api(olga, 'GET', '/api/products/models/M-1002')).status).toBe(200);
      const admin = await h.api(await h.token('ada'), 'GET', '/api/admin/plm');
      expect(admin.body.archive).toMatchObject({ archived: true });
    });
  });
});
