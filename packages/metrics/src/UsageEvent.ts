import { z } from 'zod';

/** Master-id shape shared by models, trims and features in the PLM v1 contract. */
const masterId = z.string().regex(/^[A-Z]{2,4}-[0-9A-Z-]{3,32}$/, 'must be a PLM master id');

/**
 * zod schema of one work-order usage event, matching `UsageEvent` in
 * `contracts/openapi/plm.v1.yaml` (unknown properties are rejected, as the contract forbids them).
 *
 * The package validates with it in `record`, so an event PLM would refuse as malformed never
 * reaches the outbox, where it would poison a whole batch.
 */
export const usageEventSchema = z.strictObject({
  eventId: z.uuid(),
  type: z.enum([
    'work_order.created',
    'work_order.updated',
    'work_order.completed',
    'work_order.cancelled',
  ]),
  occurredAt: z.iso.datetime({ offset: true }),
  workOrderId: z.string().min(1).max(64),
  modelId: masterId,
  trimId: masterId.optional(),
  featureIds: z.array(masterId).optional(),
  quantity: z.number().int().min(1),
  plant: z.string().min(1).max(32).optional(),
  attributes: z
    .record(z.string(), z.string().max(1024))
    .refine((value) => Object.keys(value).length <= 50, 'at most 50 attributes')
    .optional(),
});

/** One work-order usage event; `eventId` is the key PLM deduplicates on. */
export type UsageEvent = z.infer<typeof usageEventSchema>;

/** Kind of work-order event. */
export type UsageEventType = UsageEvent['type'];
