/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- the API's JSON bodies are read loosely; the assertions check their shape */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { plmIntegrationUserMessages, type PlmIntegrationErrorCode } from '@mrp-plm/mrp-integration';
import { startHostHarness, firstTrimOf, type HostHarness } from './support/hostHarness.js';
import { testEngines } from './support/postgres.js';

/** A feature optional in some trim that requires another feature optional there too. */
function requiresRuleCase(h: HostHarness) {
  for (const m of h.mock.fixtures.mrp.models) {
    if (m.id === 'M-1001') continue; // keep to the MRP-sourced models of this file
    for (const f of m.features) {
      for (const [trimId, availability] of Object.entries(f.availability)) {
        if (availability !== 'optional') continue;
        const needs = f.requires.find(
          (r) => m.features.find((x) => x.id === r)?.availability[trimId] === 'optional',
        );
        if (needs !== undefined) return { modelId: m.id, trimId, featureId: f.id, needs };
      }
    }
  }
  return undefined;
}

describe.each(testEngines)('work orders over HTTP (%s)', (engine) => {
  let h: HostHarness;
  let olga: string;
  let sam: string;

  beforeAll(async () => {
    // M-1001 is served by PLM; every other model by MRP's tables.
    h = await startHostHarness(engine, { PLM_ENABLED_FOR_MODELS: 'M-1001' });
    olga = await h.token('olga');
    sam = await h.token('sam');
  });
  afterAll(() => h?.close());

  const create = (token: string, modelId: string, extra: Record<string, unknown> = {}) =>
    h.api(token, 'POST', '/api/work-orders', {
      modelId,
      trimId: firstTrimOf(h, modelId),
      featureIds: [],
      quantity: 2,
      dueDate: '2027-02-01',
      ...extra,
    });

  it('creates a PLM-sourced work order with version 1, its snapshot, a usage event and an audit row', async () => {
    const before = await h.host.integration.usageStats();
    const res = await create(olga, 'M-1001');
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/work-orders/${res.body.id}`);
    expect(res.body).toMatchObject({
      modelId: 'M-1001',
      dataSource: 'plm',
      status: 'open',
      currentVersion: 1,
      departmentId: 'assembly',
    });
    const [v1] = res.body.versions;
    expect(v1.snapshot).toMatchObject({
      dataSource: 'plm',
      modelId: 'M-1001',
      plmSchemaVersion: '1.0.0',
    });
    expect(v1.snapshot.plmCorrelationId).toEqual(expect.any(String));
    expect(v1.snapshot.plmRevision).toEqual(expect.any(String));
    expect(v1.snapshot.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v1.provenance).toMatchObject({ dataSource: 'plm', mode: 'enabled' });
    expect(v1.bom.totals.length).toBeGreaterThan(0);
    const after = await h.host.integration.usageStats();
    expect(after.pending).toBe(before.pending + 1);
    const audit = await h.host.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject', '=', res.body.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['work-order.created']);
  });

  it('creates an MRP-sourced work order the same way', async () => {
    const res = await create(olga, 'M-1002');
    expect(res.status).toBe(201);
    expect(res.body.dataSource).toBe('mrp');
    const [v1] = res.body.versions;
    expect(v1.snapshot).toMatchObject({
      dataSource: 'mrp',
      plmCorrelationId: null,
      plmRevision: null,
    });
    expect(v1.bom.modelId).toBe('M-1002');
  });

  it('refuses selections the product data does not allow, listing every problem', async () => {
    const unknownTrim = await create(olga, 'M-1002', { trimId: 'T-NOPE' });
    expect(unknownTrim.status).toBe(422);
    expect(unknownTrim.headers.get('content-type')).toContain('application/problem+json');
    expect(unknownTrim.body).toMatchObject({
      code: 'INVALID_SELECTION',
      problems: [{ kind: 'unknown-trim', id: 'T-NOPE' }],
    });
    const unknownFeatures = await create(olga, 'M-1001', { featureIds: ['F-NOPE', 'F-ALSO-NOPE'] });
    expect(unknownFeatures.status).toBe(422);
    expect(unknownFeatures.body.problems).toHaveLength(2);
    const rule = requiresRuleCase(h);
    expect(rule, 'the fixtures have a requires rule between optional features').toBeDefined();
    const missing = await h.api(olga, 'POST', '/api/work-orders', {
      modelId: rule!.modelId,
      trimId: rule!.trimId,
      featureIds: [rule!.featureId],
      quantity: 1,
      dueDate: '2027-02-01',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.problems).toContainEqual({
      kind: 'missing-required',
      id: rule!.featureId,
      otherIds: [rule!.needs],
    });
  });

  it('validates the request body with every issue at once', async () => {
    const res = await h.api(olga, 'POST', '/api/work-orders', {
      modelId: '',
      quantity: 0,
      dueDate: 'soon',
      extra: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_REQUEST');
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/modelId', '/quantity', '/dueDate', '/trimId']));
  });

  it('edits into a new version on the frozen snapshot; the data source never changes', async () => {
    const created = await create(olga, 'M-1001');
    const id = created.body.id as string;
    // Roll PLM back for everything: the edit must still keep the PLM snapshot it was built from.
    h.host.integration.setMode('disabled', { by: 'test', reason: 'rollback during an edit' });
    try {
      const edited = await h.api(sam, 'PATCH', `/api/work-orders/${id}`, {
        quantity: 5,
        expectedVersion: 1,
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ quantity: 5, currentVersion: 2, dataSource: 'plm' });
      const [v1, v2] = edited.body.versions;
      expect(v2.change).toBe('edited');
      expect(v2.snapshot).toEqual(v1.snapshot);
      expect(v2.provenance).toMatchObject({ dataSource: 'plm', cache: 'frozen' });
      const stale = await h.api(sam, 'PATCH', `/api/work-orders/${id}`, {
        quantity: 6,
        expectedVersion: 1,
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'CONFLICT', reason: 'stale-version' });
    } finally {
      h.host.integration.setMode('enabled', { by: 'test', reason: 'restore', models: ['M-1001'] });
    }
  });

  it('a changed trim is checked against the frozen snapshot and re-resolves the BOM', async () => {
    const model = h.mock.fixtures.mrp.models.find((m) => m.id === 'M-1001')!;
    expect(model.trims.length).toBeGreaterThan(1);
    const created = await create(olga, 'M-1001');
    const other = model.trims[1]!.id;
    const edited = await h.api(sam, 'PATCH', `/api/work-orders/${created.body.id}`, {
      trimId: other,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.trimId).toBe(other);
    expect(edited.body.versions[1].bom.trimId).toBe(other);
    const bad = await h.api(sam, 'PATCH', `/api/work-orders/${created.body.id}`, {
      trimId: 'T-NOPE',
    });
    expect(bad.status).toBe(422);
  });

  it('cancels (a new version) and refuses further changes', async () => {
    const created = await create(olga, 'M-1003');
    const cancelled = await h.api(sam, 'POST', `/api/work-orders/${created.body.id}/cancel`, {
      reason: 'customer withdrew',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', currentVersion: 2 });
    expect(cancelled.body.versions[1]).toMatchObject({ change: 'cancelled', status: 'cancelled' });
    const again = await h.api(sam, 'PATCH', `/api/work-orders/${created.body.id}`, { quantity: 9 });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe('cancelled');
  });

  it('lists paged and filtered by status and department', async () => {
    const page = await h.api(olga, 'GET', '/api/work-orders?pageSize=2&page=1');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    const page2 = await h.api(olga, 'GET', '/api/work-orders?pageSize=2&page=2');
    expect(page2.body.items[0].id).not.toBe(page.body.items[0].id);
    const cancelled = await h.api(olga, 'GET', '/api/work-orders?status=cancelled');
    expect(cancelled.body.items.length).toBeGreaterThan(0);
    expect(cancelled.body.items.every((w: { status: string }) => w.status === 'cancelled')).toBe(
      true,
    );
    const bad = await h.api(olga, 'GET', '/api/work-orders?pageSize=1000');
    expect(bad.status).toBe(400);
  });

  it('replays every version of PLM- and MRP-sourced work orders from the stored snapshot', async () => {
    for (const modelId of ['M-1001', 'M-1002']) {
      const created = await create(olga, modelId);
      const replay = await h.api(
        olga,
        'GET',
        `/api/work-orders/${created.body.id}/versions/1/replay`,
      );
      expect(replay.status).toBe(200);
      expect(replay.body).toMatchObject({
        version: 1,
        verification: { valid: true },
        replay: { equal: true },
      });
      const missing = await h.api(
        olga,
        'GET',
        `/api/work-orders/${created.body.id}/versions/7/replay`,
      );
      expect(missing.status).toBe(404);
    }
  });

  it('a failure after the work-order insert leaves nothing behind: no work order, version, usage event or audit row', async () => {
    const db = h.host.database.db;
    const count = async (table: 'work_orders' | 'work_order_versions' | 'audit_log') =>
      Number(
        (await db
          .selectFrom(table)
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirst())!.n,
      );
    const before = {
      workOrders: await count('work_orders'),
      versions: await count('work_order_versions'),
      audit: await count('audit_log'),
      usage: (await h.host.integration.usageStats()).pending,
    };
    // The audit row is the last write of the transaction: make the database refuse it.
    if (engine === 'sqlite') {
      await sql
        .raw(
          `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log WHEN NEW.action = 'work-order.created' BEGIN SELECT RAISE(ABORT, 'refused by test'); END`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.action = 'work-order.created' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`,
        )
        .execute(db);
    }
    try {
      for (const modelId of ['M-1001', 'M-1002']) {
        const res = await create(olga, modelId);
        expect(res.status).toBe(500);
        expect(res.body).toMatchObject({ code: 'INTERNAL' });
        expect(JSON.stringify(res.body)).not.toContain('refused by test');
      }
    } finally {
      await sql
        .raw('DROP TRIGGER test_refuse_audit' + (engine === 'postgres' ? ' ON audit_log' : ''))
        .execute(db);
    }
    expect(await count('work_orders')).toBe(before.workOrders);
    expect(await count('work_order_versions')).toBe(before.versions);
    expect(await count('audit_log')).toBe(before.audit);
    expect((await h.host.integration.usageStats()).pending).toBe(before.usage);
    // And the host still works afterwards.
    expect((await create(olga, 'M-1002')).status).toBe(201);
  });

  it('a PLM failure reaches the user as the integration message and code, never upstream text or URLs', async () => {
    h.host.integration.setMode('enabled', { by: 'test', reason: 'all models', models: [] });
    // Fallback is on in this host: a model MRP knows falls back to MRP's tables.
    const faultIds = h.mock.faults.set({
      kind: 'error',
      status: 500,
      route: '/plm/models/*/config',
    });
    try {
      const fellBack = await create(olga, 'M-1004');
      expect(fellBack.status).toBe(201);
      expect(fellBack.body.dataSource).toBe('mrp');
      expect(fellBack.body.versions[0].provenance.fallbackReason).toBe('plm-unavailable');
      // A model MRP does not have cannot fall back: the user gets the mapped error.
      const res = await h.api(olga, 'POST', '/api/work-orders', {
        modelId: 'M-9999',
        trimId: 'T-9999-1',
        quantity: 1,
        dueDate: '2027-02-01',
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const code = res.body.code as PlmIntegrationErrorCode;
      expect(['PLM_UNAVAILABLE', 'MRP_DATA_MISSING', 'MODEL_NOT_IN_PLM']).toContain(code);
      expect(res.body.detail).toBe(plmIntegrationUserMessages[code]);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(h.mock.url);
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toMatch(/at .*\.ts:\d+/);
      const audit = await h.host.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'plm.fell-back')
        .execute();
      expect(audit.length).toBeGreaterThan(0);
    } finally {
      for (const id of [faultIds].flat()) h.mock.faults.remove(id);
      h.host.integration.setMode('enabled', { by: 'test', reason: 'restore', models: ['M-1001'] });
    }
  });

  it('serves its OpenAPI document', async () => {
    const res = await h.api(undefined, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.0.3');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/work-orders',
        '/api/work-orders/{id}/versions/{n}/replay',
        '/api/admin/plm-mode',
      ]),
    );
  });
});
