import type { ErrorCode, Problem } from '@mrp-plm/contract';
import type { PlmOperation } from './PlmOperation.js';

/** What {@link PlmHttpError} is built from. */
export interface PlmHttpErrorInit {
  readonly operation: PlmOperation;
  readonly status: number;
  readonly problem: Problem | undefined;
  readonly retryAfterMs: number | undefined;
  readonly correlationId: string;
  readonly schemaVersion: string | undefined;
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * PLM answered with an HTTP error status (4xx or 5xx) other than a `401` the client could recover
 * from. `problem` holds the RFC 9457 problem details when the body was valid problem details, and
 * `code` its stable error code: branch on `code` (or `status`), never on the message.
 *
 * `retryable` is `true` for `429` and for every `5xx`; honour `retryAfterMs` before retrying.
 *
 * @example
 * ```ts
 * async function loadModel(id: string) {
 *   try {
 *     return (await plm.getModelConfig(id)).data;
 *   } catch (error) {
 *     if (error instanceof PlmHttpError && error.code === 'NOT_FOUND') return undefined;
 *     throw error;
 *   }
 * }
 * ```
 */
export class PlmHttpError extends Error {
  /** Discriminant, so `Effect.catchTag('PlmHttpError', …)` and `switch (error._tag)` work. */
  readonly _tag = 'PlmHttpError' as const;
  override readonly name = 'PlmHttpError';
  /** The client method (or the token request) that failed. */
  readonly operation: PlmOperation;
  /** The HTTP status PLM answered with. */
  readonly status: number;
  /** The problem details of the response, or `undefined` when the body was not problem details. */
  readonly problem: Problem | undefined;
  /** The problem's stable error code (`NOT_FOUND`, `RATE_LIMITED`, …), when there was one. */
  readonly code: ErrorCode | undefined;
  /**
   * How long to wait before retrying, from `Retry-After` (delay-seconds or an HTTP-date, measured
   * against the client's clock; never negative), or `undefined` without a usable header.
   */
  readonly retryAfterMs: number | undefined;
  /** The `X-Request-Id` the client sent; quote it to the PLM team. */
  readonly correlationId: string;
  /** The `PLM-Schema-Version` of the response, when it carried one. */
  readonly schemaVersion: string | undefined;
  /** `true` for `429` and `5xx`: the same request may succeed later. */
  readonly retryable: boolean;

  constructor(init: PlmHttpErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.operation = init.operation;
    this.status = init.status;
    this.problem = init.problem;
    this.code = init.problem?.code;
    this.retryAfterMs = init.retryAfterMs;
    this.correlationId = init.correlationId;
    this.schemaVersion = init.schemaVersion;
    this.retryable = init.status === 429 || init.status >= 500;
  }
}
