import { describe, expectTypeOf, it } from 'vitest';
import { createUsageMetrics } from './createUsageMetrics.js';
import type { DeliverFunction } from './DeliverFunction.js';
import { memoryStore } from './memoryStore.js';
import { postgresStore } from './postgresStore.js';
import type { PostgresTransaction } from './postgresStore.js';
import { sqliteStore } from './sqliteStore.js';
import type { SqliteDatabase } from './sqliteStore.js';

declare const deliver: DeliverFunction;

describe('recordInTransaction', () => {
  it('takes the transaction type of the store', () => {
    const _sqlite = createUsageMetrics({ store: sqliteStore({ path: 'x.db' }), deliver });
    expectTypeOf<
      Parameters<typeof _sqlite.recordInTransaction>[0]
    >().toEqualTypeOf<SqliteDatabase>();
    const _pg = createUsageMetrics({
      store: postgresStore({ connectionString: 'postgres://x' }),
      deliver,
    });
    expectTypeOf<
      Parameters<typeof _pg.recordInTransaction>[0]
    >().toEqualTypeOf<PostgresTransaction>();
    const _memory = createUsageMetrics({ store: memoryStore(), deliver });
    expectTypeOf<Parameters<typeof _memory.recordInTransaction>[0]>().toEqualTypeOf<never>();
  });

  it('requires the contract fields of an event', () => {
    const metrics = createUsageMetrics({ store: memoryStore(), deliver });
    // @ts-expect-error quantity and modelId are required
    void metrics.record({
      eventId: 'x',
      type: 'work_order.created',
      occurredAt: 'x',
      workOrderId: 'x',
    });
  });
});
