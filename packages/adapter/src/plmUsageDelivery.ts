import type { PlmUsageEvent } from './plmUsageEventSchema.js';

/** PLM's outcome for one event of a usage-metrics batch (`UsageEventResult` in the contract). */
export interface PlmUsageEventResult {
  readonly eventId: string;
  /** `accepted`: applied now; `duplicate`: applied earlier (a success); `rejected`: never applied. */
  readonly status: 'accepted' | 'duplicate' | 'rejected';
  readonly reason?: string | undefined;
  readonly code?: string | undefined;
}

/** PLM's `202` body for a usage-metrics batch (`UsageMetricsResult` in the contract). */
export interface PlmUsageDeliveryResponse {
  readonly batchId?: string | undefined;
  readonly results: readonly PlmUsageEventResult[];
}

/**
 * What {@link plmUsageDelivery} needs of a PLM client: `@mrp-plm/plm-sdk`'s `PlmClient` has it.
 * Declared structurally, so the adapter depends on no transport.
 */
export interface PlmUsageMetricsClient {
  /** `POST /plm/usage-metrics`: the batch as the body, the key as the `Idempotency-Key` header. */
  submitUsageMetrics(
    batch: { events: PlmUsageEvent[] },
    options: { readonly idempotencyKey: string; readonly signal?: AbortSignal },
  ): Promise<{ readonly data: PlmUsageDeliveryResponse }>;
}

/** A batch as the outbox hands it over: the stored key and events. */
export interface PlmUsageBatch {
  /** Sent as the `Idempotency-Key` header, never in the body (PLM rejects it there). */
  readonly idempotencyKey: string;
  readonly events: readonly PlmUsageEvent[];
}

/**
 * The `deliver` function of `@mrp-plm/metrics`' `createUsageMetrics` for PLM: sends each batch with
 * `client.submitUsageMetrics`, its events as the body and its idempotency key as the
 * `Idempotency-Key` header, aborting with the worker's `signal`, and resolves to PLM's per-event
 * results. Errors are the client's (the SDK's carry `status`, `retryable` and `Retry-After`, which
 * the outbox's classification reads).
 *
 * @example
 * ```ts
 * import { plmUsageDelivery, plmUsageEventSchema } from '@mrp-plm/adapter';
 * import { createMemoryOutboxStore, createUsageMetrics } from '@mrp-plm/metrics';
 * import { createPlmClient } from '@mrp-plm/plm-sdk';
 *
 * const client = createPlmClient({
 *   baseUrl: 'http://127.0.0.1:4010',
 *   auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
 * });
 * const metrics = createUsageMetrics({
 *   store: createMemoryOutboxStore(),
 *   validate: plmUsageEventSchema,
 *   deliver: plmUsageDelivery(client),
 * });
 * ```
 */
export function plmUsageDelivery(
  client: PlmUsageMetricsClient,
): (
  batch: PlmUsageBatch,
  options: { readonly signal: AbortSignal },
) => Promise<PlmUsageDeliveryResponse> {
  return async (batch, { signal }) => {
    // A fresh body of the events alone: the key belongs in the header.
    const { data } = await client.submitUsageMetrics(
      { events: [...batch.events] },
      { idempotencyKey: batch.idempotencyKey, signal },
    );
    return data;
  };
}

/** A delivery verdict that keeps the batch queued (the shape of `@mrp-plm/metrics`' transient one). */
export interface PlmUsageKeepQueued {
  readonly kind: 'transient';
  /** The token endpoint's `Retry-After`, when it sent one. */
  readonly retryAfterMs?: number | undefined;
}

/**
 * Wraps the outbox's error classifier (`classifyDeliveryError` of `@mrp-plm/metrics`, or your own)
 * so that a PLM authentication failure keeps the batch queued. `@mrp-plm/plm-sdk` throws a
 * `PlmAuthError` when it cannot authenticate: wrong or revoked client credentials, a token
 * endpoint that fails or answers something that is not a token, a token PLM refuses again after a
 * refresh. None of that is about the batch, but the SDK marks most of it `retryable: false`, which a
 * generic outbox reads as a refusal of the batch: every batch sent during a credentials incident
 * would be dead-lettered, and some of those events PLM never received. With this wrapper they wait,
 * retried with backoff, until an operator fixes the credentials. Every other error goes to
 * `classify`.
 *
 * Recognised by `_tag === 'PlmAuthError'` (the adapter depends on no transport).
 *
 * @example
 * ```ts
 * import { plmUsageDelivery, plmUsageErrorClassifier, plmUsageEventSchema } from '@mrp-plm/adapter';
 * import { classifyDeliveryError, createMemoryOutboxStore, createUsageMetrics } from '@mrp-plm/metrics';
 * import { createPlmClient } from '@mrp-plm/plm-sdk';
 *
 * const client = createPlmClient({
 *   baseUrl: 'http://127.0.0.1:4010',
 *   auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
 * });
 * const metrics = createUsageMetrics({
 *   store: createMemoryOutboxStore(),
 *   validate: plmUsageEventSchema,
 *   deliver: plmUsageDelivery(client),
 *   classifyError: plmUsageErrorClassifier(classifyDeliveryError),
 * });
 * ```
 */
export function plmUsageErrorClassifier<V>(
  classify: (error: unknown) => V,
): (error: unknown) => V | PlmUsageKeepQueued {
  return (error) => {
    if (typeof error !== 'object' || error === null) return classify(error);
    const { _tag: tag, retryAfterMs } = error as { _tag?: unknown; retryAfterMs?: unknown };
    if (tag !== 'PlmAuthError') return classify(error);
    return typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
      ? { kind: 'transient', retryAfterMs }
      : { kind: 'transient' };
  };
}
