/** Epoch milliseconds of a timestamp given as a `Date` (SDK payloads) or ISO string (raw JSON). */
export function toMillis(value: Date | string): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}

const UTC_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A timestamp as an ISO 8601 UTC string (`toISOString` form), whichever form it came in. */
export function toIsoString(value: Date | string): string {
  if (typeof value === 'string') {
    // Fast paths for the common UTC forms; anything else (offsets, fractions) goes through Date.
    if (UTC_MILLIS.test(value)) return value;
    if (UTC_SECONDS.test(value)) return `${value.slice(0, 19)}.000Z`;
  }
  return new Date(toMillis(value)).toISOString();
}
