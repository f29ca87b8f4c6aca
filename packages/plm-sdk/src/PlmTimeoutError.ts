import type { PlmOperation } from './PlmOperation.js';

/** What {@link PlmTimeoutError} is built from. */
export interface PlmTimeoutErrorInit {
  readonly operation: PlmOperation;
  readonly correlationId: string;
  readonly timeoutMs: number | undefined;
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * The call did not finish in time: either the client's `timeoutMs` elapsed (waiting for a token,
 * the response and its body all count), or the caller's `signal` was aborted with a reason named
 * `TimeoutError` (as `AbortSignal.timeout()` and `@mrp-plm/resilience` do; that reason is the
 * `cause`). Always `retryable`.
 *
 * @example
 * ```ts
 * if (error instanceof PlmTimeoutError) logger.warn(`PLM slower than ${error.timeoutMs} ms`);
 * ```
 */
export class PlmTimeoutError extends Error {
  /** Discriminant, so `Effect.catchTag('PlmTimeoutError', …)` and `switch (error._tag)` work. */
  readonly _tag = 'PlmTimeoutError' as const;
  override readonly name = 'PlmTimeoutError';
  /** The client method (or the token request) that timed out. */
  readonly operation: PlmOperation;
  /** The `X-Request-Id` the client sent. */
  readonly correlationId: string;
  /** The client's `timeoutMs`, or `undefined` when the caller's signal timed out. */
  readonly timeoutMs: number | undefined;
  /** Always `true`: a slow answer may be quicker next time. */
  readonly retryable = true as const;

  constructor(init: PlmTimeoutErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.operation = init.operation;
    this.correlationId = init.correlationId;
    this.timeoutMs = init.timeoutMs;
  }
}
