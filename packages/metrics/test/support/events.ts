import { randomUUID } from 'node:crypto';
import type { UsageEvent } from '../../src/UsageEvent.js';

/** A valid usage event; `overrides` replace fields. */
export const makeEvent = (overrides: Partial<UsageEvent> = {}): UsageEvent => ({
  eventId: randomUUID(),
  type: 'work_order.created',
  occurredAt: '2026-03-02T10:15:00Z',
  workOrderId: 'WO-2026-004512',
  modelId: 'MDL-000123',
  quantity: 3,
  ...overrides,
});

/** A deterministic UUID for (`run`, `i`), so separate processes agree on ids; `run` is 8 hex digits. */
export const eventIdFor = (run: string, i: number): string =>
  `${run}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
