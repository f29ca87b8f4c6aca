import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * The tests' own event schema: a small generic event, not PLM's rules (those belong to the
 * adapter). Its fields are also what plm-mock needs to apply an event, so the delivery tests can
 * send it over real HTTP.
 */
export const testEventSchema = z.strictObject({
  eventId: z.uuid(),
  type: z.string().min(1),
  occurredAt: z.string().min(1),
  workOrderId: z.string().min(1),
  modelId: z.string().min(1),
  quantity: z.number().int().min(1),
  plant: z.string().optional(),
  attributes: z.record(z.string(), z.string()).optional(),
});

/** One test event. */
export type TestEvent = z.output<typeof testEventSchema>;

/** A valid test event (for a model plm-mock's default fixtures have); `overrides` replace fields. */
export const makeEvent = (overrides: Partial<TestEvent> = {}): TestEvent => ({
  eventId: randomUUID(),
  type: 'work_order.created',
  occurredAt: '2026-03-02T10:15:00Z',
  workOrderId: 'WO-2026-004512',
  modelId: 'MDL-000001',
  quantity: 3,
  ...overrides,
});

/** A deterministic UUID for (`run`, `i`), so separate processes agree on ids; `run` is 8 hex digits. */
export const eventIdFor = (run: string, i: number): string =>
  `${run}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
