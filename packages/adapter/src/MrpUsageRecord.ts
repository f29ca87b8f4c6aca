import { z } from 'zod';
import { usageAttributesSchema } from './plmUsageEventSchema.js';
import { parseRfc3339 } from '@mrp-plm/contract';

/**
 * zod schema of a usage event as MRP records it: MRP ids, and `occurredAt` as a `Date` or an
 * ISO 8601 string.
 */
export const mrpUsageRecordSchema = z.object({
  /** Unique id of the event (UUID); PLM deduplicates on it. */
  eventId: z.uuid(),
  type: z.enum([
    'work_order.created',
    'work_order.updated',
    'work_order.completed',
    'work_order.cancelled',
  ]),
  /**
   * When it happened: a valid `Date`, or an RFC 3339 date-time (offsets, fractions and a real leap
   * second such as `2016-12-31T23:59:60Z` accepted).
   */
  occurredAt: z.union([
    z.date(),
    z
      .string()
      .refine(
        (value) => parseRfc3339(value) !== undefined,
        'must be an RFC 3339 date-time, e.g. 2026-03-02T10:15:00Z',
      ),
  ]),
  workOrderId: z.string().min(1).max(64),
  /** MRP id of the model. */
  modelId: z.string().min(1),
  /** MRP id of the trim. */
  trimId: z.string().min(1).optional(),
  /** MRP ids of the selected features. */
  featureIds: z.array(z.string().min(1)).optional(),
  quantity: z.number().int().min(1),
  plant: z.string().min(1).max(32).optional(),
  /** Free-form string attributes; the contract allows at most 50, each at most 1,024 characters. */
  /** Keys `__proto__`, `constructor` and `prototype` are refused (PLM's usage event refuses them). */
  attributes: usageAttributesSchema,
});

/** A usage event as MRP records it. */
export type MrpUsageRecord = z.input<typeof mrpUsageRecordSchema>;
