import { usageEventSchema } from '@mrp-plm/contract';
import { z } from 'zod';

/**
 * Attribute keys that are object-model names, not data: assigned to a plain object they change
 * its prototype or shadow its machinery, so a parser silently drops or misreads them.
 */
const RESERVED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

/** The contract's `maxProperties` of `UsageEvent.attributes`. */
const MAX_ATTRIBUTES = 50;

/**
 * The contract's attribute record, checked on the raw input first for reserved keys (also used by
 * `mrpUsageRecordSchema`, so an MRP record cannot carry what the PLM event would refuse).
 */
export const usageAttributesSchema = z
  .unknown()
  .check((ctx) => {
    const { value } = ctx;
    if (typeof value !== 'object' || value === null) return;
    // `Object.keys` sees an own `__proto__` key (as `JSON.parse` creates it) that `z.record`
    // would assign away, dropping the attribute without an issue.
    const keys = Object.keys(value);
    // The contract's `maxProperties: 50`, which the generated zod schema does not carry.
    if (keys.length > MAX_ATTRIBUTES) {
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: `at most ${MAX_ATTRIBUTES} attributes (got ${keys.length})`,
      });
    }
    for (const key of keys) {
      if (RESERVED_ATTRIBUTE_KEYS.has(key)) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          path: [key],
          message: `attribute key "${key}" is reserved (__proto__, constructor and prototype are not allowed)`,
        });
      }
    }
  })
  .pipe(usageEventSchema.shape.attributes.unwrap())
  .optional();

/**
 * The PLM usage event the metrics outbox stores and delivers: the contract's `UsageEvent` (wire
 * form: `occurredAt` an ISO 8601 string), and attribute keys `__proto__`, `constructor` and
 * `prototype` rejected with an issue instead of being silently dropped, and at most 50 attributes
 * (the contract's `maxProperties`). A zod schema, so a
 * Standard Schema v1 validator: pass it as `createUsageMetrics`' `validate`.
 *
 * @example
 * ```ts
 * import { plmUsageEventSchema } from '@mrp-plm/adapter';
 *
 * const result = plmUsageEventSchema.safeParse({
 *   eventId: '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31',
 *   type: 'work_order.created',
 *   occurredAt: '2026-03-02T10:15:00Z',
 *   workOrderId: 'WO-2026-004512',
 *   modelId: 'MDL-000001',
 *   quantity: 3,
 * });
 * result.success; // true
 * ```
 */
export const plmUsageEventSchema = usageEventSchema.extend({ attributes: usageAttributesSchema });

/** A PLM usage event as the outbox stores and delivers it (the contract's wire form). */
export type PlmUsageEvent = z.output<typeof plmUsageEventSchema>;
