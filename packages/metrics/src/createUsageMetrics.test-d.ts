import type Database from 'better-sqlite3';
import type pg from 'pg';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { createMemoryOutboxStore } from './createMemoryOutboxStore.js';
import { createPostgresOutboxStore } from './createPostgresOutboxStore.js';
import { createSqliteOutboxStore } from './createSqliteOutboxStore.js';
import { createUsageMetrics } from './createUsageMetrics.js';
import type { DeliverFunction, DeliveryResponse } from './DeliverFunction.js';
import type { PostgresPool, PostgresTransaction } from './PostgresPool.js';
import type { SqliteDatabase } from './SqliteDatabase.js';

const event = z.object({ eventId: z.uuid(), quantity: z.number().int() });
type Event = z.output<typeof event>;
declare const deliver: DeliverFunction<Event>;

describe('createUsageMetrics', () => {
  it('infers the event type from validate', () => {
    const metrics = createUsageMetrics({
      store: createMemoryOutboxStore(),
      validate: event,
      deliver,
    });
    expectTypeOf<Parameters<typeof metrics.record>[0]>().toEqualTypeOf<Event>();
    // @ts-expect-error quantity is required by the schema
    void metrics.record({ eventId: 'x' });
  });

  it('takes the transaction type of the store', () => {
    const _sqlite = createUsageMetrics({
      store: createSqliteOutboxStore({ path: 'x.db' }),
      validate: event,
      deliver,
    });
    expectTypeOf<
      Parameters<typeof _sqlite.recordInTransaction>[0]
    >().toEqualTypeOf<SqliteDatabase>();
    const _pg = createUsageMetrics({
      store: createPostgresOutboxStore({ connectionString: 'postgres://x' }),
      validate: event,
      deliver,
    });
    expectTypeOf<
      Parameters<typeof _pg.recordInTransaction>[0]
    >().toEqualTypeOf<PostgresTransaction>();
    const _memory = createUsageMetrics({
      store: createMemoryOutboxStore(),
      validate: event,
      deliver,
    });
    expectTypeOf<Parameters<typeof _memory.recordInTransaction>[0]>().toEqualTypeOf<never>();
  });

  it('requires an eventId reader only when the event has no string eventId', () => {
    const noId = z.object({ id: z.string() });
    const send: DeliverFunction<{ id: string }> = () => Promise.resolve({ results: [] });
    // @ts-expect-error eventId is required: the event has no eventId property
    createUsageMetrics({ store: createMemoryOutboxStore(), validate: noId, deliver: send });
    createUsageMetrics({
      store: createMemoryOutboxStore(),
      validate: noId,
      deliver: send,
      eventId: (e) => e.id,
    });
  });

  it('accepts a deliver typed structurally, as an adapter writes one without importing metrics', () => {
    interface SubmitClient {
      submit(
        body: { events: readonly Event[] },
        options: { idempotencyKey: string; signal?: AbortSignal },
      ): Promise<{ batchId: string; results: { eventId: string; status: 'accepted' }[] }>;
    }
    const delivery =
      (client: SubmitClient) =>
      (
        batch: { idempotencyKey: string; events: readonly Event[] },
        options: { signal: AbortSignal },
      ): Promise<DeliveryResponse> =>
        client.submit(
          { events: batch.events },
          { idempotencyKey: batch.idempotencyKey, signal: options.signal },
        );
    const client: SubmitClient = {
      submit: (body) =>
        Promise.resolve({
          batchId: 'BAT-1',
          results: body.events.map((e) => ({ eventId: e.eventId, status: 'accepted' as const })),
        }),
    };
    createUsageMetrics({
      store: createMemoryOutboxStore(),
      validate: event,
      deliver: delivery(client),
    });
  });
});

describe('driver types', () => {
  it('take the drivers users create, without the package naming them', () => {
    expectTypeOf<Database.Database>().toExtend<SqliteDatabase>();
    expectTypeOf<pg.Pool>().toExtend<PostgresPool>();
    expectTypeOf<pg.PoolClient>().toExtend<PostgresTransaction>();
    expectTypeOf<pg.Client>().toExtend<PostgresTransaction>();
  });
});
