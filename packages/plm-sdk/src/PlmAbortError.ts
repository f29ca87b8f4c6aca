import type { PlmOperation } from './PlmOperation.js';

/** What {@link PlmAbortError} is built from. */
export interface PlmAbortErrorInit {
  readonly operation: PlmOperation;
  readonly correlationId: string;
  readonly cause?: unknown;
}

/**
 * The caller aborted the call through its own `signal` (with any reason other than a
 * `TimeoutError`, which becomes a {@link PlmTimeoutError}). `cause` is the signal's reason.
 * Never `retryable`: the caller asked to stop.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const pending = plm.getTrim('TRM-000001-01', { signal: controller.signal });
 * controller.abort();
 * await pending; // rejects with PlmAbortError
 * ```
 */
export class PlmAbortError extends Error {
  /** Discriminant, so `Effect.catchTag('PlmAbortError', …)` and `switch (error._tag)` work. */
  readonly _tag = 'PlmAbortError' as const;
  override readonly name = 'PlmAbortError';
  /** The client method that was aborted. */
  readonly operation: PlmOperation;
  /** The `X-Request-Id` the client sent (or would have sent). */
  readonly correlationId: string;
  /** Always `false`: the caller cancelled the call. */
  readonly retryable = false as const;

  constructor(init: PlmAbortErrorInit) {
    super(
      `PLM ${init.operation} was aborted by the caller (correlation id ${init.correlationId})`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.operation = init.operation;
    this.correlationId = init.correlationId;
  }
}
