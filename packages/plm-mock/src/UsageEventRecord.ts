/** A usage event as the mock received it (the contract's `UsageEvent`). */
export interface UsageEvent {
  readonly eventId: string;
  readonly type:
    'work_order.created' | 'work_order.updated' | 'work_order.completed' | 'work_order.cancelled';
  readonly occurredAt: string;
  readonly workOrderId: string;
  readonly modelId: string;
  readonly trimId?: string;
  readonly featureIds?: readonly string[];
  readonly quantity: number;
  readonly plant?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Outcome of one event in a batch, as answered to the client. */
export interface UsageEventResult {
  readonly eventId: string;
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  readonly reason?: string;
  readonly code?: string;
}

/**
 * One event the mock received, with what it did with it; listed by `GET /__admin/events` and
 * `mock.events()`.
 */
export interface UsageEventRecord {
  readonly event: UsageEvent;
  readonly batchId: string;
  readonly idempotencyKey: string;
  /** ISO time of receipt (injected clock). */
  readonly receivedAt: string;
  /** `accepted` = applied by this receipt; `duplicate` = already applied; `rejected` = never applied. */
  readonly status: UsageEventResult['status'];
  /** True when the receipt was an `Idempotency-Key` replay (the stored result was answered). */
  readonly replay: boolean;
  readonly code?: string;
  readonly reason?: string;
}

/** What `GET /__admin/events` returns. */
export interface UsageEventLog {
  /** Events applied, once each, in order of application. */
  readonly applied: readonly UsageEventRecord[];
  /** Every receipt, including duplicates, rejections and replays. */
  readonly receipts: readonly UsageEventRecord[];
}
