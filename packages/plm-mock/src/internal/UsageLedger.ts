import type {
  UsageEvent,
  UsageEventLog,
  UsageEventRecord,
  UsageEventResult,
} from '../UsageEventRecord.js';

interface StoredBatch {
  readonly bodyKey: string;
  readonly batchId: string;
  readonly results: readonly UsageEventResult[];
}

/**
 * The JSON text of a value with object members sorted by name: equal for bodies that are the same
 * JSON value (the contract's "same body"), whatever their member order or whitespace. Numbers
 * were parsed already, so `3` and `3.0` agree; array order still counts.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Decides, for an event, whether it can be applied: undefined = yes, else a rejection. */
export type EventCheck = (event: UsageEvent) => { code: string; reason: string } | undefined;

export type SubmitOutcome =
  | { readonly kind: 'ok'; readonly batchId: string; readonly results: readonly UsageEventResult[] }
  | { readonly kind: 'conflict' };

/**
 * Usage events received by the mock. Each `Idempotency-Key` is applied once: a replay with the same
 * body answers the stored result; each `eventId` is applied once across keys.
 */
export class UsageLedger {
  private readonly batches = new Map<string, StoredBatch>();
  private readonly appliedIds = new Set<string>();
  private applied: UsageEventRecord[] = [];
  private receipts: UsageEventRecord[] = [];
  private seq = 0;

  constructor(private readonly now: () => number) {}

  submit(key: string, events: readonly UsageEvent[], check: EventCheck): SubmitOutcome {
    const bodyKey = canonicalJson(events);
    const receivedAt = new Date(this.now()).toISOString();
    const stored = this.batches.get(key);
    if (stored) {
      if (stored.bodyKey !== bodyKey) return { kind: 'conflict' };
      events.forEach((event) =>
        this.receipts.push({
          event,
          batchId: stored.batchId,
          idempotencyKey: key,
          receivedAt,
          status: 'duplicate',
          replay: true,
        }),
      );
      return { kind: 'ok', batchId: stored.batchId, results: stored.results };
    }
    const batchId = `BAT-${String(++this.seq).padStart(6, '0')}`;
    const results = events.map((event): UsageEventResult => {
      const base = { event, batchId, idempotencyKey: key, receivedAt, replay: false };
      if (this.appliedIds.has(event.eventId)) {
        this.receipts.push({ ...base, status: 'duplicate' });
        return { eventId: event.eventId, status: 'duplicate' };
      }
      const rejection = check(event);
      if (rejection) {
        this.receipts.push({ ...base, status: 'rejected', ...rejection });
        return { eventId: event.eventId, status: 'rejected', ...rejection };
      }
      this.appliedIds.add(event.eventId);
      const rec: UsageEventRecord = { ...base, status: 'accepted' };
      this.applied.push(rec);
      this.receipts.push(rec);
      return { eventId: event.eventId, status: 'accepted' };
    });
    this.batches.set(key, { bodyKey, batchId, results });
    return { kind: 'ok', batchId, results };
  }

  log(): UsageEventLog {
    return { applied: [...this.applied], receipts: [...this.receipts] };
  }

  counts(): { applied: number; received: number; duplicate: number; rejected: number } {
    let duplicate = 0;
    let rejected = 0;
    for (const r of this.receipts) {
      if (r.status === 'duplicate') duplicate++;
      else if (r.status === 'rejected') rejected++;
    }
    return { applied: this.applied.length, received: this.receipts.length, duplicate, rejected };
  }

  reset(): void {
    this.batches.clear();
    this.appliedIds.clear();
    this.applied = [];
    this.receipts = [];
    this.seq = 0;
  }
}
