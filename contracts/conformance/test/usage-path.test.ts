import { randomUUID } from 'node:crypto';
import { createIdTranslator, mapUsageEvents, type MrpUsageRecord } from '@mrp-plm/adapter';
import {
  createMemoryOutboxStore,
  createUsageMetrics,
  type DeliverFunction,
} from '@mrp-plm/metrics';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { createTestClock } from '@mrp-plm/resilience';
import {
  createPlmClient,
  usageEventSchema,
  type PlmClient,
  type UsageEvent as PlmUsageEvent,
} from '@mrp-plm/plm-sdk';
import type { z } from 'zod';
import { afterAll, beforeAll, expect, test } from 'vitest';

/**
 * The write path as MRP will wire it: usage records in MRP ids -> the adapter's PLM payload ->
 * the metrics outbox -> delivery through the SDK client -> plm-mock over HTTP. Faults on the way
 * (a response lost after PLM applied the batch, an expired token) must not lose or double-apply
 * an event.
 */
let mock: PlmMock;
let client: PlmClient;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 5 });
  client = createPlmClient({
    baseUrl: mock.url,
    auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
    timeoutMs: 10_000,
  });
});

afterAll(async () => {
  await mock?.close();
});

/** The outbox's event: the contract's usage event in wire form (ISO timestamps). */
type UsageEvent = z.output<typeof usageEventSchema>;

/** The outbox's event as the SDK's request type (both the wire form: ISO timestamps). */
function toSdkEvent(event: UsageEvent): PlmUsageEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    workOrderId: event.workOrderId,
    modelId: event.modelId,
    quantity: event.quantity,
    ...(event.trimId === undefined ? {} : { trimId: event.trimId }),
    ...(event.featureIds === undefined ? {} : { featureIds: [...event.featureIds] }),
    ...(event.plant === undefined ? {} : { plant: event.plant }),
    ...(event.attributes === undefined ? {} : { attributes: { ...event.attributes } }),
  };
}

/** Delivers a stored batch with the SDK, keeping the batch's idempotency key. */
const deliverWithSdk: DeliverFunction<UsageEvent> = async (batch, { signal }) => {
  const events = batch.events.map(toSdkEvent);
  const { data } = await client.submitUsageMetrics(
    { events },
    { idempotencyKey: batch.idempotencyKey, signal },
  );
  return data;
};

test('every recorded usage event reaches PLM exactly once despite a lost response and an expired token', async () => {
  const model = mock.fixtures.models[0]!;
  const mrpModel = mock.fixtures.mrp.models[0]!;
  const ids = createIdTranslator({
    toMrp: new Map(mock.fixtures.mrp.idTranslation.map((e) => [e.plmId, e.mrpId])),
  });
  ids.toMrp(model.id, 'model', model.externalIds?.mrp);

  const records: MrpUsageRecord[] = Array.from({ length: 30 }, (_, i) => ({
    eventId: randomUUID(),
    type: 'work_order.created',
    occurredAt: new Date(Date.UTC(2026, 10, 28, 8, 0, i)),
    workOrderId: `WO-2026-${String(i).padStart(6, '0')}`,
    modelId: mrpModel.id,
    quantity: 1 + (i % 3),
  }));
  const payload = mapUsageEvents(records, { ids });
  expect(new Set(payload.events.map((e) => e.modelId))).toEqual(new Set([model.id]));

  const clock = createTestClock();
  const metrics = createUsageMetrics({
    store: createMemoryOutboxStore(),
    validate: usageEventSchema,
    deliver: deliverWithSdk,
    clock,
    random: () => 0.5,
    maxBatchSize: 10,
  });
  await Promise.all(payload.events.map((event) => metrics.record(event)));

  // First batch: PLM applies it but the response is lost. Second: the token expires first.
  mock.faults.set({ kind: 'dropResponse', route: 'submitUsageMetrics', count: 1 });
  const steps: string[] = [];
  for (let i = 0; i < 50 && (await metrics.stats()).pending > 0; i += 1) {
    if (i === 2) mock.expireTokens();
    const step = await metrics.tick({ force: true });
    steps.push(step.kind);
    clock.advanceSync(60_000);
  }

  const stats = await metrics.stats();
  expect(stats.pending).toBe(0);
  expect(stats.deadLettered).toBe(0);
  expect(steps).toContain('retry-scheduled');
  const applied = mock
    .events()
    .applied.map((e) => e.event.eventId)
    .sort();
  expect(applied).toEqual(payload.events.map((e) => e.eventId).sort());
  expect(mock.stats().events.applied).toBe(30);
  // The batch whose response was lost went out again under the same key and was recognised.
  const replays = mock.events().receipts.filter((r) => r.replay);
  expect(replays.length).toBe(10);
  expect(new Set(replays.map((r) => r.idempotencyKey)).size).toBe(1);
});

test('a 2xx answer that cannot be read keeps the batch queued: the resend under the same key is answered from PLM’s record, nothing is dead-lettered', async () => {
  const model = mock.fixtures.models[0]!;
  const events = Array.from({ length: 3 }, (_, i) =>
    usageEventSchema.parse({
      eventId: randomUUID(),
      type: 'work_order.created',
      occurredAt: `2026-11-28T09:00:0${i}Z`,
      workOrderId: `WO-2026-${String(900 + i).padStart(6, '0')}`,
      modelId: model.id,
      quantity: 1,
    }),
  );
  const clock = createTestClock();
  const metrics = createUsageMetrics({
    store: createMemoryOutboxStore(),
    validate: usageEventSchema,
    deliver: async (batch, { signal }) =>
      (
        await client.submitUsageMetrics(
          { events: batch.events.map(toSdkEvent) },
          { idempotencyKey: batch.idempotencyKey, signal },
        )
      ).data,
    clock,
    random: () => 0.5,
    maxBatchSize: 10,
  });
  await Promise.all(events.map((event) => metrics.record(event)));

  // PLM applies the batch but its answer is not JSON, then JSON of the wrong shape; each attempt
  // must stay queued under the same key.
  const garbles = [
    { kind: 'malformedBody', variant: 'syntax', route: 'submitUsageMetrics', count: 1 },
    { kind: 'malformedBody', variant: 'schema', route: 'submitUsageMetrics', count: 1 },
  ] as const;
  const steps: string[] = [];
  for (const fault of garbles) {
    mock.faults.set(fault);
    steps.push((await metrics.tick({ force: true })).kind);
    clock.advanceSync(60_000);
  }
  mock.faults.clear();
  steps.push((await metrics.tick({ force: true })).kind);

  expect(steps, JSON.stringify((await metrics.stats()).lastError)).toEqual([
    'retry-scheduled',
    'retry-scheduled',
    'delivered',
  ]);
  const stats = await metrics.stats();
  expect(stats).toMatchObject({ pending: 0, deadLettered: 0, delivered: 3 });
  const mine = new Set(events.map((e) => e.eventId));
  const receipts = mock.events().receipts.filter((r) => mine.has(r.event.eventId));
  const applied = mock.events().applied.filter((r) => mine.has(r.event.eventId));
  expect(applied.map((r) => r.event.eventId).sort()).toEqual([...mine].sort());
  // One key throughout: PLM answered the resends from its record.
  expect(new Set(receipts.map((r) => r.idempotencyKey)).size).toBe(1);
  expect(receipts.filter((r) => r.replay).length).toBe(6);
  // Without the rule for a 2xx answer, the first garbled answer dead-letters the whole batch.
});
