import type { PlmOperation } from './PlmOperation.js';

/**
 * Why authentication failed:
 * - `token_request_failed`: the token endpoint failed (bad credentials, an error status, an
 *   unreachable endpoint, or a response that is not a token); `cause` says which.
 * - `token_rejected`: PLM answered `401` again after the client fetched a fresh token and replayed
 *   the call once, or answered `401` to a pre-issued token (which the client cannot refresh).
 */
export type PlmAuthFailure = 'token_request_failed' | 'token_rejected';

/** What {@link PlmAuthError} is built from. */
export interface PlmAuthErrorInit {
  readonly operation: PlmOperation;
  readonly reason: PlmAuthFailure;
  readonly correlationId: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number | undefined;
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * The client could not authenticate with PLM. Never carries the client secret or a token, in its
 * message, its fields or its `cause` chain.
 *
 * `retryable` is `true` only when the token endpoint failed transiently (network error, timeout,
 * `429`, `5xx`); bad credentials and rejected tokens are not worth retrying.
 *
 * @example
 * ```ts
 * if (error instanceof PlmAuthError && error.reason === 'token_request_failed') {
 *   logger.error({ cause: error.cause }, 'check PLM_CLIENT_ID / PLM_CLIENT_SECRET');
 * }
 * ```
 */
export class PlmAuthError extends Error {
  /** Discriminant, so `Effect.catchTag('PlmAuthError', …)` and `switch (error._tag)` work. */
  readonly _tag = 'PlmAuthError' as const;
  override readonly name = 'PlmAuthError';
  /** The client method whose call could not be authenticated. */
  readonly operation: PlmOperation;
  /** Whether the token endpoint failed or PLM rejected the token. */
  readonly reason: PlmAuthFailure;
  /** The `X-Request-Id` of the call that failed. */
  readonly correlationId: string;
  /** `true` when the token endpoint failed transiently. */
  readonly retryable: boolean;
  /** The token endpoint's `Retry-After` (see `PlmHttpError.retryAfterMs`), when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: PlmAuthErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.operation = init.operation;
    this.reason = init.reason;
    this.correlationId = init.correlationId;
    this.retryable = init.retryable;
    this.retryAfterMs = init.retryAfterMs;
  }
}
