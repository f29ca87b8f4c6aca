import type { DeliveryResponse } from '../DeliverFunction.js';
import { MalformedDeliveryResponseError } from '../MalformedDeliveryResponseError.js';

const STATUSES: ReadonlySet<unknown> = new Set(['accepted', 'duplicate', 'rejected']);

/**
 * Checks what a deliver function resolved with before any of it is trusted: a bad shape must
 * become a retried attempt, not an exception in the worker loop, and an unknown status must never
 * be counted as delivered (that would drop the event).
 */
export const parseDeliveryResponse = (response: unknown): DeliveryResponse => {
  const results: unknown = (response as { results?: unknown } | null | undefined)?.results;
  if (!Array.isArray(results)) throw new MalformedDeliveryResponseError('no results array');
  for (const result of results as unknown[]) {
    const entry = result as { eventId?: unknown; status?: unknown } | null;
    if (typeof entry !== 'object' || entry === null || typeof entry.eventId !== 'string') {
      throw new MalformedDeliveryResponseError('a result has no eventId');
    }
    if (!STATUSES.has(entry.status)) {
      throw new MalformedDeliveryResponseError(
        `unknown status ${JSON.stringify(entry.status) ?? 'undefined'} for event ${entry.eventId}`,
      );
    }
  }
  return response as DeliveryResponse;
};
