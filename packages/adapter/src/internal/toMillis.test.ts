import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIsoString, toMillis } from './toMillis.js';

describe('toIsoString', () => {
  it.each([
    ['2026-03-02T09:41:17Z', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T09:41:17.250Z', '2026-03-02T09:41:17.250Z'],
    ['2026-03-02T10:41:17+01:00', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T09:41:17.5Z', '2026-03-02T09:41:17.500Z'],
  ])('%s -> %s', (input, expected) => {
    expect(toIsoString(input)).toBe(expected);
    expect(toIsoString(new Date(input))).toBe(expected);
    expect(toMillis(input)).toBe(Date.parse(expected));
  });
});

describe('toMillis', () => {
  it('agrees with Date.parse on every YYYY-MM-DDTHH:MM:SSZ string, valid or not', () => {
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
        num(2, 61),
        (y, mo, d, h, mi, s) => {
          const text = `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
          expect(Object.is(toMillis(text), Date.parse(text))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it.each([
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2000-02-29T23:59:59Z',
    '0099-12-31T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-1a-01T00:00:00Z',
    '2026-01-01T00:00:00z',
    '2026-01-01 00:00:00Z',
  ])('%s as Date.parse reads it', (text) => {
    expect(Object.is(toMillis(text), Date.parse(text))).toBe(true);
  });
});
