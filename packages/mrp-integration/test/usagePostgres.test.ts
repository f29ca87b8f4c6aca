import { randomUUID } from 'node:crypto';
import { createPostgresOutboxStore } from '@mrp-plm/metrics';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { PlmUsageEvent } from '../src/index.js';
import { drive, startHarness, type Harness } from './support/harness.js';
import { databaseUrl, postgresAvailable, uniqueName } from './support/services.js';

const available = await postgresAvailable();
const schema = uniqueName('mrp_integration_usage');

const usageEvent = (workOrderId: string): PlmUsageEvent => ({
  eventId: randomUUID(),
  type: 'work_order.created',
  occurredAt: '2026-03-02T10:00:00Z',
  workOrderId,
  modelId: 'MDL-000001',
  quantity: 2,
});

describe.skipIf(!available)('recordUsage(event, tx) with the Postgres outbox', () => {
  let mock: PlmMock;
  let pool: pg.Pool;
  let h: Harness;

  beforeAll(async () => {
    mock = await startPlmMock({ seed: 1, models: 50 });
    pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // The host's own table: the work order and its usage event commit or roll back together.
    await pool.query(`CREATE TABLE "${schema}".work_orders (id text PRIMARY KEY)`);
    h = await startHarness(
      {},
      { usage: { store: createPostgresOutboxStore({ pool, schema }) } },
      mock,
    );
  });
  afterAll(async () => {
    await h?.close();
    await mock?.close();
    await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool?.end();
  });

  /** Creates a work order and records its usage in one transaction, then commits or rolls back. */
  async function createWorkOrder(
    id: string,
    outcome: 'COMMIT' | 'ROLLBACK',
  ): Promise<PlmUsageEvent> {
    const event = usageEvent(id);
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await tx.query(`INSERT INTO "${schema}".work_orders (id) VALUES ($1)`, [id]);
      await h.integration.recordUsage(event, tx);
      await tx.query(outcome);
    } finally {
      tx.release();
    }
    return event;
  }

  async function deliverAll(): Promise<void> {
    for (let i = 0; i < 100 && (await h.integration.usageStats()).pending > 0; i++) {
      await drive(h.clock, Promise.resolve(), 1_000);
      await h.clock.advance(5_000);
    }
  }

  test('committed with the work order: delivered to PLM exactly once', async () => {
    const event = await createWorkOrder('WO-commit', 'COMMIT');
    await deliverAll();
    expect((await h.integration.usageStats()).pending).toBe(0);
    const applied = mock.events().applied.filter((a) => a.event.eventId === event.eventId);
    expect(applied).toHaveLength(1);
    expect(applied[0]!.event.workOrderId).toBe('WO-commit');
  });

  test('rolled back with the work order: nothing stored, nothing delivered', async () => {
    const before = mock.stats().events.applied;
    const event = await createWorkOrder('WO-rollback', 'ROLLBACK');
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".work_orders`);
    expect(rows[0]).toEqual({ n: 1 }); // only WO-commit
    expect((await h.integration.usageStats()).pending).toBe(0);
    await deliverAll();
    // A later committed order is delivered: the worker ran, and the rolled-back event is not there.
    const later = await createWorkOrder('WO-later', 'COMMIT');
    await deliverAll();
    const ids = mock.events().applied.map((a) => a.event.eventId);
    expect(ids).toContain(later.eventId);
    expect(ids).not.toContain(event.eventId);
    expect(mock.stats().events.applied).toBe(before + 1);
  });
});
