import { usageMetricsBatchSchema } from '@mrp-plm/contract';
import type { IdTranslator } from './IdTranslator.js';
import { InvalidUsageRecordError, type UsageRecordIssue } from './InvalidUsageRecordError.js';
import { mrpUsageRecordSchema, type MrpUsageRecord } from './MrpUsageRecord.js';
import type { PlmUsageEvent } from './plmUsageEventSchema.js';
import { toIsoString } from './internal/toMillis.js';
import { jsonPointer } from './internal/jsonPointer.js';

/**
 * The PLM usage-metrics request body (`POST /plm/usage-metrics`) as it goes on the wire, with
 * timestamps as ISO 8601 strings; it passes the contract's `UsageMetricsBatch` schema, and each
 * event {@link plmUsageEventSchema}.
 */
export interface UsageMetricsPayload {
  events: PlmUsageEvent[];
}

/** The contract's limit on events per batch. */
const MAX_EVENTS = 500;

/** Options of {@link mapUsageEvents}. */
export interface UsageMappingOptions {
  /** Translates MRP ids back to PLM ids; see `createIdTranslator`. */
  readonly ids: IdTranslator;
}

/**
 * Turns usage events as MRP records them (MRP ids) into the PLM usage-metrics payload (PLM ids,
 * ISO timestamps), validated against the contract's `UsageMetricsBatch` schema before it is
 * returned. Takes 1–500 records, the contract's batch size.
 *
 * @throws {@link InvalidUsageRecordError} listing every malformed record, or a bad batch size.
 * @throws {@link IdTranslationError} for an MRP id with no known PLM id.
 * @example
 * ```ts
 * const body = mapUsageEvents(
 *   [{ eventId: crypto.randomUUID(), type: 'work_order.created', occurredAt: new Date(),
 *      workOrderId: 'WO-2026-004512', modelId: 'M-1001', quantity: 3 }],
 *   { ids },
 * );
 * // body.events[0].modelId === 'MDL-000001'
 * ```
 */
export function mapUsageEvents(
  records: readonly MrpUsageRecord[],
  options: UsageMappingOptions,
): UsageMetricsPayload {
  if (records.length === 0 || records.length > MAX_EVENTS) {
    throw new InvalidUsageRecordError({
      issues: [
        {
          index: 0,
          path: '',
          message: `a batch holds 1 to ${MAX_EVENTS} events, got ${records.length}`,
        },
      ],
    });
  }
  const issues: UsageRecordIssue[] = [];
  const events: PlmUsageEvent[] = [];
  records.forEach((record, index) => {
    const parsed = mrpUsageRecordSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ index, path: jsonPointer(issue.path), message: issue.message });
      }
      return;
    }
    const r = parsed.data;
    const { ids } = options;
    let occurredAt: string;
    try {
      // A leap second becomes 23:59:59.999Z: JavaScript time (and PLM's) has none.
      occurredAt = toIsoString(r.occurredAt, { path: '/occurredAt', resource: 'UsageEvent' });
    } catch {
      // A `Date` outside the years 0000-9999 that RFC 3339 can write.
      issues.push({ index, path: '/occurredAt', message: 'must be within the years 0000-9999' });
      return;
    }
    const event: PlmUsageEvent = {
      eventId: r.eventId,
      type: r.type,
      occurredAt,
      workOrderId: r.workOrderId,
      modelId: ids.toPlm(r.modelId, 'model'),
      quantity: r.quantity,
    };
    if (r.trimId !== undefined) event.trimId = ids.toPlm(r.trimId, 'trim');
    if (r.featureIds !== undefined)
      event.featureIds = r.featureIds.map((id) => ids.toPlm(id, 'feature'));
    if (r.plant !== undefined) event.plant = r.plant;
    // Object.fromEntries defines own properties, so a `__proto__` attribute stays a plain key.
    if (r.attributes !== undefined)
      event.attributes = Object.fromEntries(Object.entries(r.attributes));
    events.push(event);
  });
  if (issues.length > 0) throw new InvalidUsageRecordError({ issues });
  const checked = usageMetricsBatchSchema.safeParse({ events });
  if (!checked.success) {
    throw new InvalidUsageRecordError({
      issues: checked.error.issues.map((issue) => ({
        index: typeof issue.path[1] === 'number' ? issue.path[1] : 0,
        path: jsonPointer(issue.path.slice(2)),
        message: `the PLM event would break the contract: ${issue.message}`,
      })),
      cause: checked.error,
    });
  }
  return checked.data;
}
