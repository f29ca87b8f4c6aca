import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryOutboxStore } from '@mrp-plm/metrics';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { PlmIntegrationError, type PlmUsageEvent } from '../src/index.js';
import { drive, startHarness } from './support/harness.js';

let mock: PlmMock;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 50 });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
});

const usageEvent = (i: number): PlmUsageEvent => ({
  eventId: randomUUID(),
  type: 'work_order.created',
  occurredAt: '2026-03-02T10:00:00Z',
  workOrderId: `WO-${i}`,
  modelId: 'MDL-000001',
  trimId: 'TRM-000001-01',
  quantity: 1 + i,
});

test('usage events are delivered exactly once across an outage', async () => {
  const h = await startHarness({}, { usage: { store: createMemoryOutboxStore() } }, mock);
  try {
    mock.faults.set([
      { kind: 'outage', route: 'submitUsageMetrics', count: 2 },
      { kind: 'dropResponse', route: 'submitUsageMetrics', count: 1 },
    ]);
    const events = Array.from({ length: 10 }, (_, i) => usageEvent(i));
    for (const e of events) await h.integration.recordUsage(e);
    for (let i = 0; i < 200 && (await h.integration.usageStats()).pending > 0; i++) {
      await drive(h.clock, Promise.resolve(), 1_000);
      await h.clock.advance(5_000);
    }
    expect((await h.integration.usageStats()).pending).toBe(0);
    const applied = mock.events().applied;
    expect(applied.map((a) => a.event.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(mock.stats().events.applied).toBe(10);
  } finally {
    await h.close();
  }
});

test('a PLM authentication failure keeps usage events queued, never dead-lettered; they reach PLM once it works again', async () => {
  const h = await startHarness({}, { usage: { store: createMemoryOutboxStore() } }, mock);
  try {
    // The next call needs a new token, and the token endpoint answers garbage, then refuses the
    // client (invalid_client), before it works again. None of it is about the batch.
    mock.expireTokens();
    mock.faults.set([
      { kind: 'malformedBody', variant: 'syntax', route: 'requestToken', count: 2 },
      { kind: 'error', status: 401, route: 'requestToken', count: 2 },
    ]);
    const events = Array.from({ length: 3 }, (_, i) => usageEvent(i));
    for (const e of events) await h.integration.recordUsage(e);
    for (let i = 0; i < 200 && (await h.integration.usageStats()).pending > 0; i++) {
      await drive(h.clock, Promise.resolve(), 1_000);
      await h.clock.advance(5_000);
    }
    const stats = await h.integration.usageStats();
    expect(stats).toMatchObject({ pending: 0, deadLettered: 0 });
    expect(mock.stats().requests['requestToken']?.['401']).toBe(2);
    expect(
      mock
        .events()
        .applied.map((a) => a.event.eventId)
        .sort(),
    ).toEqual(events.map((e) => e.eventId).sort());
  } finally {
    await h.close();
  }
});

test('an invalid usage event is refused with USAGE_EVENT_INVALID and nothing is stored', async () => {
  const h = await startHarness({}, { usage: { store: createMemoryOutboxStore() } }, mock);
  try {
    const bad = { ...usageEvent(1), quantity: 0, modelId: 'not an id' };
    const error = await h.integration.recordUsage(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlmIntegrationError);
    expect(error).toMatchObject({ code: 'USAGE_EVENT_INVALID' });
    expect((await h.integration.usageStats()).pending).toBe(0);
  } finally {
    await h.close();
  }
});

test('in disabled mode events wait in the outbox; PLM sees nothing', async () => {
  const h = await startHarness(
    { mode: 'disabled' },
    { usage: { store: createMemoryOutboxStore() } },
    mock,
  );
  try {
    await h.integration.recordUsage(usageEvent(1));
    await drive(h.clock, Promise.resolve());
    await h.clock.advance(10_000);
    expect((await h.integration.usageStats()).pending).toBe(1);
    expect(mock.stats().totalRequests).toBe(0);
  } finally {
    await h.close();
  }
});

test('close() drains the default SQLite outbox and leaves no open handles', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mrp-integration-'));
  const before = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
  try {
    const h = await startHarness(
      { usageOutboxPath: join(dir, 'outbox.sqlite') },
      { clock: undefined },
      mock,
    );
    await h.integration.recordUsage(usageEvent(1));
    await h.integration.getModelConfig('M-1001');
    await h.close();
    expect(mock.stats().events.applied).toBe(1);
    await expect(h.integration.getModelConfig('M-1001')).rejects.toMatchObject({
      code: 'INTEGRATION_CLOSED',
    });
    // Let sockets finish closing, then compare what is still open with what was before.
    await new Promise((resolve) => setImmediate(resolve));
    const after = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
    const count = (list: string[], kind: string) => list.filter((r) => r === kind).length;
    expect(count(after, 'Timeout')).toBeLessThanOrEqual(count(before, 'Timeout'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
