import type { DeadLetterFilter, DeadLetterRecord } from '../OutboxStore.js';

/** Whether a dead letter matches a filter (used by the memory store; SQL stores use WHERE). */
export const matchesDeadLetter = (record: DeadLetterRecord, filter: DeadLetterFilter): boolean =>
  (filter.eventIds === undefined || filter.eventIds.includes(record.eventId)) &&
  (filter.code === undefined || record.code === filter.code) &&
  (filter.deadLetteredBefore === undefined || record.deadLetteredAt < filter.deadLetteredBefore);
