import type { PlmOperation } from './PlmOperation.js';

/** What {@link PlmNetworkError} is built from. */
export interface PlmNetworkErrorInit {
  readonly operation: PlmOperation;
  readonly correlationId: string;
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * The HTTP exchange did not complete: the connection was refused or reset, DNS failed, or the
 * response body ended before its declared length (a truncated transfer). `cause` is the underlying
 * `fetch` error (its own `cause` usually carries the socket error `code`, e.g. `ECONNRESET`).
 * Always `retryable`.
 *
 * @example
 * ```ts
 * if (error instanceof PlmNetworkError) metrics.increment('plm.network_error');
 * ```
 */
export class PlmNetworkError extends Error {
  /** Discriminant, so `Effect.catchTag('PlmNetworkError', …)` and `switch (error._tag)` work. */
  readonly _tag = 'PlmNetworkError' as const;
  override readonly name = 'PlmNetworkError';
  /** The client method (or the token request) that failed. */
  readonly operation: PlmOperation;
  /** The `X-Request-Id` the client sent. */
  readonly correlationId: string;
  /** Always `true`: a network failure may not repeat. */
  readonly retryable = true as const;

  constructor(init: PlmNetworkErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.operation = init.operation;
    this.correlationId = init.correlationId;
  }
}
