import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlmContractError } from '@mrp-plm/contract';
import { parseRfc3339, toIsoString, toMillis } from './toMillis.js';

const at = { path: '/revision/effectiveFrom', resource: 'ModelConfig' };

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
    expect(toIsoString(input, at)).toBe(expected);
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
});

describe('toMillis / toIsoString', () => {
  it('rejects an invalid timestamp with a contract issue at its path, never NaN', () => {
    for (const value of ['2026-02-30T00:00:00Z', 'soon', new Date(Number.NaN)]) {
      let error: unknown;
      try {
        toMillis(value, at);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PlmContractError);
      expect((error as PlmContractError).issues).toEqual([
        {
          path: '/revision/effectiveFrom',
          code: 'invalid_date',
          message: expect.stringContaining('is not an RFC 3339 date-time') as string,
        },
      ]);
    }
    expect(() => toIsoString('2026-02-30T00:00:00.000Z', at)).toThrow(PlmContractError);
  });

  it('builds the path only for the error', () => {
    let built = 0;
    const lazy = {
      resource: 'CatalogPage',
      path: () => {
        built += 1;
        return '/items/7/updatedAt';
      },
    };
    expect(toMillis('2026-03-02T09:41:17Z', lazy)).toBe(Date.parse('2026-03-02T09:41:17Z'));
    expect(built).toBe(0);
    expect(() => toMillis('2026-03-02T09:41:17', lazy)).toThrow('/items/7/updatedAt');
    expect(built).toBe(1);
  });

  it('reads Dates as they are', () => {
    const date = new Date('2026-03-02T09:41:17.250Z');
    expect(toMillis(date, at)).toBe(date.getTime());
    expect(toIsoString(date, at)).toBe('2026-03-02T09:41:17.250Z');
  });
});
