import { parseRfc3339, PlmContractError } from '@mrp-plm/contract';

/** At most this much of an invalid value is quoted in the error. */
const QUOTED = 64;

/** The error for a timestamp in a PLM payload that is not an RFC 3339 date-time. */
function invalidTimestamp(value: unknown, at: TimestampLocation): PlmContractError {
  const path = typeof at.path === 'string' ? at.path : at.path();
  const text = value instanceof Date ? 'Invalid Date' : String(value);
  return new PlmContractError({
    where: 'payload',
    resource: at.resource,
    schemaVersion: undefined,
    issues: [
      {
        path,
        code: 'invalid_date',
        message: `${JSON.stringify(text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text)} is not an RFC 3339 date-time (e.g. 2026-03-02T10:15:00Z)`,
      },
    ],
  });
}

/** Where a timestamp sits, for the error when it is not one. */
export interface TimestampLocation {
  /** JSON Pointer of the value in the payload (a function: built only for the error). */
  readonly path: string | (() => string);
  /** The contract schema of the payload, e.g. `ModelConfig`. */
  readonly resource: string;
}

/**
 * Epoch milliseconds of a timestamp given as a `Date` or an RFC 3339 string.
 *
 * @throws {@link PlmContractError} (code `invalid_date`, at `at.path`) when it is not a valid
 * RFC 3339 date-time (or an invalid `Date`): never `NaN`, which compares as neither earlier nor
 * later and would make an item silently effective.
 */
export function toMillis(value: Date | string, at: TimestampLocation): number {
  const ms = typeof value === 'string' ? parseRfc3339(value) : value.getTime();
  if (ms === undefined || Number.isNaN(ms)) throw invalidTimestamp(value, at);
  return ms;
}

const UTC_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A timestamp as an ISO 8601 UTC string (`toISOString` form), whichever valid form it came in.
 *
 * @throws {@link PlmContractError} as {@link toMillis} does.
 */
export function toIsoString(value: Date | string, at: TimestampLocation): string {
  if (typeof value === 'string') {
    // Fast paths for the common UTC forms, once the digits are known to be a real instant.
    // The length picks the one pattern that can match, so each string runs at most one regex.
    if (value.length === 24 && UTC_MILLIS.test(value) && parseRfc3339(value) !== undefined) {
      return value;
    }
    // (Not for a leap second, `:60`, which reads as `:59.999`.)
    if (
      value.length === 20 &&
      UTC_SECONDS.test(value) &&
      value.charCodeAt(17) !== 54 /* 6 */ &&
      parseRfc3339(value) !== undefined
    ) {
      return `${value.slice(0, 19)}.000Z`;
    }
  }
  const ms = toMillis(value, at);
  const year = new Date(ms).getUTCFullYear();
  // `toISOString` writes years 0-9999 as four digits; the range of RFC 3339 is exactly that.
  if (year < 0 || year > 9999) throw invalidTimestamp(value, at);
  return new Date(ms).toISOString();
}
