const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/**
 * Milliseconds since the epoch of an RFC 3339 `date-time` (§5.6), or `undefined` when the text is
 * not one (wrong shape, day 31 of a 30-day month, hour 24, offset minute 60…).
 *
 * `Date.parse` is not used: it answers `NaN` for a valid leap second and accepts many texts RFC 3339
 * does not. A leap second (`:60`) is valid only at `23:59` UTC on the last day of a month (after
 * applying the offset), and is read as the last millisecond of that minute (`23:59:59.999Z`, any
 * fraction included): JavaScript time has no leap seconds, and this keeps it after every instant
 * of second 59 and before the next day. `@mrp-plm/adapter` reads timestamps the same way.
 * Fractions beyond milliseconds are truncated.
 */
export function parseRfc3339(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsetSign = m[9] === '-' ? -1 : 1;
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59)
    return undefined;
  const offsetMs = offsetSign * (offsetHours * 60 + offsetMinutes) * 60_000;
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, minute, Math.min(second, 59), 0);
  const fraction = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const ms = at.getTime() - offsetMs;
  if (second !== 60) return ms + fraction;
  const utc = new Date(ms);
  const lastDay = daysIn(utc.getUTCFullYear(), utc.getUTCMonth() + 1);
  if (utc.getUTCHours() !== 23 || utc.getUTCMinutes() !== 59 || utc.getUTCDate() !== lastDay)
    return undefined;
  return ms + 999;
}
