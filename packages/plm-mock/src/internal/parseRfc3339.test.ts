import { describe, expect, it } from 'vitest';
import { parseRfc3339 } from './parseRfc3339.js';

describe('parseRfc3339', () => {
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
