import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from './parseRfc3339.js';

describe('parseRfc3339', () => {
  it.each([
    ['2026-03-02T09:41:17Z', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T09:41:17.250Z', '2026-03-02T09:41:17.250Z'],
    ['2026-03-02T10:41:17+01:00', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T01:41:17-08:00', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T09:41:17-00:00', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T09:41:17.5Z', '2026-03-02T09:41:17.500Z'],
    ['2026-03-02T09:41:17.123456789Z', '2026-03-02T09:41:17.123Z'],
    ['2026-03-02t09:41:17z', '2026-03-02T09:41:17.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T23:59:59Z', '2000-02-29T23:59:59.000Z'],
    ['0099-12-31T00:00:00Z', '0099-12-31T00:00:00.000Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    // Leap seconds: only at 23:59:60 UTC on the last day of a month, read as its last millisecond.
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'],
    ['2016-12-31T23:59:60.5Z', '2016-12-31T23:59:59.999Z'],
    ['2016-12-31T15:59:60-08:00', '2016-12-31T23:59:59.999Z'],
    ['2015-06-30T23:59:60Z', '2015-06-30T23:59:59.999Z'],
  ])('%s is %s', (input, expected) => {
    expect(parseRfc3339(input)).toBe(Date.parse(expected));
  });

  it('a leap second sorts after every instant of second 59 and before the next day', () => {
    const leap = parseRfc3339('2016-12-31T23:59:60Z')!;
    expect(leap).toBeGreaterThan(parseRfc3339('2016-12-31T23:59:59.998Z')!);
    expect(leap).toBeLessThan(parseRfc3339('2017-01-01T00:00:00Z')!);
  });

  it.each([
    '2023-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-01-00T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T23:59:61Z',
    '2016-12-31T23:58:60Z', // not the last minute
    '2016-12-30T23:59:60Z', // not the last day of the month
    '2016-12-31T23:59:60+01:00', // 22:59:60 UTC
    '2026-01-01T00:00:00+24:00',
    '2026-01-01T00:00:00+01:60',
    '2026-01-01T00:00:00+0100',
    '2026-01-01T00:00:00',
    '2026-01-01 00:00:00Z',
    '2026-01-01T00:00:00.Z',
    '2026-01-01',
    '2026-1a-01T00:00:00Z',
    '+002026-01-01T00:00:00Z',
    'Mon, 02 Mar 2026 09:41:17 GMT',
    '',
  ])('%s is not an RFC 3339 date-time', (text) => {
    expect(parseRfc3339(text)).toBeUndefined();
  });

  it('agrees with Date.parse on every valid YYYY-MM-DDTHH:MM:SS(.fff)(Z|±hh:mm) string', () => {
    const num = (digits: number, max: number) =>
      fc.integer({ min: 0, max }).map((n) => String(n).padStart(digits, '0'));
    fc.assert(
      fc.property(
        // Around the limits of each field, so both valid and invalid values come up often.
        num(4, 9999),
        num(2, 13),
        num(2, 32),
        num(2, 25),
        num(2, 61),
        num(2, 59),
        fc.constantFrom('', '.5', '.123', '.999999'),
        fc.constantFrom('Z', '+01:00', '-08:30', '+23:59', '-00:00'),
        (y, mo, d, h, mi, s, frac, zone) => {
          const text = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${zone}`;
          const parsed = parseRfc3339(text);
          // Date.parse accepts some out-of-range days; every instant we accept, it reads the same.
          if (parsed !== undefined) expect(parsed).toBe(Date.parse(text));
          else if (Number(mo) >= 1 && Number(mo) <= 12 && Number(d) <= 28 && Number(d) >= 1) {
            expect(Number(h) > 23 || Number(mi) > 59).toBe(true);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  // Cases of the parser plm-mock had before this one became the contract's only one.
  it('reads ordinary date-times with fractions and offsets', () => {
    expect(parseRfc3339('2026-03-02T10:15:00Z')).toBe(Date.UTC(2026, 2, 2, 10, 15));
    expect(parseRfc3339('2026-03-02T10:15:00.25Z')).toBe(Date.UTC(2026, 2, 2, 10, 15, 0, 250));
    expect(parseRfc3339('2026-03-02T10:15:00.123456Z')).toBe(Date.UTC(2026, 2, 2, 10, 15, 0, 123));
    expect(parseRfc3339('2026-03-02T11:15:00+01:00')).toBe(Date.UTC(2026, 2, 2, 10, 15));
    expect(parseRfc3339('2026-03-02t04:45:00-05:30')).toBe(Date.UTC(2026, 2, 2, 10, 15));
    // Years below 100 are not shifted to 19xx, as Date.UTC would.
    expect(parseRfc3339('0099-01-01T00:00:00Z')).toBe(new Date('0099-01-01T00:00:00Z').getTime());
  });

  it('reads a leap second as the last millisecond of its minute', () => {
    const last = Date.UTC(2016, 11, 31, 23, 59, 59, 999);
    expect(parseRfc3339('2016-12-31T23:59:60Z')).toBe(last);
    expect(parseRfc3339('2016-12-31T23:59:60.5Z')).toBe(last);
    // The same leap second written in another offset, and another month's.
    expect(parseRfc3339('2016-12-31T18:59:60-05:00')).toBe(last);
    expect(parseRfc3339('2015-06-30T23:59:60Z')).toBe(Date.UTC(2015, 5, 30, 23, 59, 59, 999));
    expect(parseRfc3339('2016-12-31T23:59:59.998Z')).toBeLessThan(last);
    expect(parseRfc3339('2017-01-01T00:00:00Z')).toBeGreaterThan(last);
  });

  it('rejects what RFC 3339 does not allow', () => {
    for (const text of [
      '2016-12-31T12:00:60Z', // a leap second only ends a UTC day
      '2016-12-30T23:59:60Z', // … the last one of a month
      '2016-12-31T23:59:60+01:00', // 22:59:60 UTC
      '2016-12-31T23:59:61Z',
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-03-02T24:00:00Z',
      '2026-03-02T10:60:00Z',
      '2026-03-02T10:15:00+01:60',
      '2026-03-02T10:15:00',
      '2026-03-02 10:15:00Z',
      '2026-03-02T10:15Z',
      'March 2, 2026',
      '',
    ])
      expect(parseRfc3339(text), text).toBeUndefined();
    expect(parseRfc3339('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });
});
