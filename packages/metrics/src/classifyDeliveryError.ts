import { isRetryableError } from '@mrp-plm/resilience';
import type { DeliveryProblem } from './DeliveryProblem.js';
import { readDeliveryProblem } from './internal/readDeliveryProblem.js';
import { redactSecrets } from './internal/redactSecrets.js';

/** How the worker treats a failed delivery. */
export type DeliveryErrorClass =
  | {
      /** Retry the same batch (same key, same body) after a backoff. */
      readonly kind: 'transient';
      /** Minimum delay the server asked for (`Retry-After`), if any. */
      readonly retryAfterMs?: number | undefined;
    }
  | {
      /** The batch can never succeed: dead-letter all its events with `reason`. */
      readonly kind: 'permanent';
      readonly reason: string;
      readonly code?: string | undefined;
      /** The receiver's problem details, kept on the dead letters. */
      readonly problem?: DeliveryProblem | undefined;
    };

/**
 * Statuses that say nothing about the batch's content but about credentials or permissions: an
 * operator fixes them, and dead-lettering every batch during a credentials incident would bury the
 * backlog. They keep the batch queued whatever the error's `retryable` flag says.
 */
const KEEP_QUEUED_STATUSES: ReadonlySet<number> = new Set([401, 403]);

/**
 * A success status whose answer could not be read (a body that is not JSON, or not the contract's
 * shape): the receiver took the request, but what it did with each event is unknown. It may have
 * applied the batch, or the answer may come from something in between. Retrying with the same
 * idempotency key and body is safe, and an idempotent receiver answers with what it stored.
 * Dead-lettering would drop events the receiver may never have applied.
 */
const isSuccessStatus = (status: number | undefined): boolean =>
  status !== undefined && status >= 200 && status < 300;

const field = (error: unknown, key: string): unknown =>
  typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;

const readNumber = (error: unknown, key: string): number | undefined => {
  const value = field(error, key);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

const readString = (error: unknown, key: string): string | undefined => {
  const value = field(error, key);
  return typeof value === 'string' ? value : undefined;
};

/**
 * A short description of a delivery error for stats, events and dead letters (`_tag`, HTTP status,
 * message), with credentials redacted.
 */
export const describeDeliveryError = (error: unknown): string => {
  const tag = readString(error, '_tag');
  const status = readNumber(error, 'status');
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(
    [tag, status === undefined ? undefined : `HTTP ${status}`, message]
      .filter((part): part is string => part !== undefined && part !== '')
      .join(': '),
  );
};

/**
 * The default classification of an error thrown by the deliver function. Transience is decided by
 * `isRetryableError` of `@mrp-plm/resilience` (the one classification of the monorepo: the error's
 * own boolean `retryable` wins, then `status`/`code` rules); the delivery decision on top is
 * metrics' own:
 * 1. retryable → transient (retried with backoff, honouring `retryAfterMs`);
 * 2. HTTP 401 or 403 → transient: the batch stays queued until credentials are fixed;
 * 3. an HTTP 2xx (the error is about the answer: a body that cannot be read or does not match the
 *    contract) → transient: the outcome is unknown, and the same key and body are safe to resend;
 * 4. `retryable: false`, or an HTTP status 400–499 → permanent: the receiver refused the batch
 *    as such, so the identical body cannot succeed; every event is dead-lettered with the error's
 *    `code` (else the problem's, else `HTTP_<status>`) and its `problem` details;
 * 5. anything else (no flag, no status, no known network code: a bug in the deliver function, a
 *    value that is not an error) → transient: a guess never dead-letters the backlog.
 *
 * @example
 * ```ts
 * import { classifyDeliveryError } from '@mrp-plm/metrics';
 *
 * classifyDeliveryError(Object.assign(new Error('busy'), { status: 429, retryAfterMs: 2000 }));
 * // { kind: 'transient', retryAfterMs: 2000 }
 * classifyDeliveryError(Object.assign(new Error('bad'), { status: 400, code: 'VALIDATION' }));
 * // { kind: 'permanent', reason: 'HTTP 400: bad', code: 'VALIDATION', problem: undefined }
 * ```
 */
export const classifyDeliveryError = (error: unknown): DeliveryErrorClass => {
  const status = readNumber(error, 'status') ?? readNumber(error, 'statusCode');
  const transient = (): DeliveryErrorClass => {
    const retryAfterMs = readNumber(error, 'retryAfterMs');
    return retryAfterMs === undefined ? { kind: 'transient' } : { kind: 'transient', retryAfterMs };
  };
  if (isRetryableError(error)) return transient();
  if (status !== undefined && KEEP_QUEUED_STATUSES.has(status)) return transient();
  if (isSuccessStatus(status)) return transient();
  const refused = field(error, 'retryable') === false;
  if (refused || (status !== undefined && status >= 400 && status < 500)) {
    const problem = readDeliveryProblem(error, (text) => redactSecrets(text));
    return {
      kind: 'permanent',
      reason: describeDeliveryError(error),
      code:
        readString(error, 'code') ??
        problem?.code ??
        (status === undefined ? undefined : `HTTP_${status}`),
      problem,
    };
  }
  return transient();
};
