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
    };

/** 4xx statuses that say nothing about the batch's content. */
const TRANSIENT_CLIENT_STATUSES: ReadonlySet<number> = new Set([401, 403, 408, 429]);

const readNumber = (error: unknown, key: string): number | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as Record<string, unknown>)[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

const readString = (error: unknown, key: string): string | undefined => {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
};

/** A short, secret-free description of a delivery error for stats, events and dead letters. */
export const describeDeliveryError = (error: unknown): string => {
  const tag = readString(error, '_tag');
  const status = readNumber(error, 'status');
  const message = error instanceof Error ? error.message : String(error);
  return [tag, status === undefined ? undefined : `HTTP ${status}`, message]
    .filter((part): part is string => part !== undefined && part !== '')
    .join(': ');
};

/**
 * The default classification of an error thrown by the deliver function.
 *
 * An HTTP `status` of 400–499 means PLM refused the batch as such, so retrying the identical body
 * cannot help: permanent. The exceptions are about the connection, not the events, and are
 * transient: 401 and 403 (credentials or permissions, fixed by an operator — dead-lettering every
 * batch during a credentials incident would bury the backlog), 408 (timeout) and 429 (rate
 * limited). Everything else (5xx, network errors, timeouts, errors without a status) is transient
 * too, retried with backoff, honouring `retryAfterMs` when present.
 *
 * @example
 * ```ts
 * classifyDeliveryError(Object.assign(new Error('busy'), { status: 429, retryAfterMs: 2000 }));
 * // { kind: 'transient', retryAfterMs: 2000 }
 * ```
 */
export const classifyDeliveryError = (error: unknown): DeliveryErrorClass => {
  const status = readNumber(error, 'status');
  if (
    status !== undefined &&
    status >= 400 &&
    status < 500 &&
    !TRANSIENT_CLIENT_STATUSES.has(status)
  ) {
    return {
      kind: 'permanent',
      reason: describeDeliveryError(error),
      code: readString(error, 'code') ?? `HTTP_${status}`,
    };
  }
  const retryAfterMs = readNumber(error, 'retryAfterMs');
  return retryAfterMs === undefined ? { kind: 'transient' } : { kind: 'transient', retryAfterMs };
};
