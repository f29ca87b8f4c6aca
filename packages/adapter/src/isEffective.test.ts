import { describe, expect, it } from 'vitest';
import { isEffective, notEffectiveReason } from './isEffective.js';

const asOf = new Date('2026-06-01T00:00:00Z');
const revision = (effectiveFrom: string, effectiveTo: string | null = null) => ({
  revision: 'A',
  lifecycleState: 'released' as const,
  effectiveFrom,
  effectiveTo,
});

describe('effectivity at boundary instants', () => {
  it.each([
    ['2026-06-01T00:00:00Z'],
    ['2026-06-01T02:00:00+02:00'],
    ['2026-05-31T20:30:00-03:30'],
    ['2026-06-01T00:00:00.000Z'],
  ])('effectiveFrom %s equal to asOf is effective (inclusive)', (from) => {
    expect(notEffectiveReason(revision(from), asOf)).toBeUndefined();
  });

  it.each([['2026-06-01T00:00:00Z'], ['2026-06-01T02:00:00+02:00'], ['2026-05-31T21:00:00-03:00']])(
    'effectiveTo %s equal to asOf is expired (exclusive)',
    (to) => {
      expect(notEffectiveReason(revision('2026-01-01T00:00:00Z', to), asOf)).toBe('expired');
    },
  );

  it('reads offsets as instants, not wall-clock times', () => {
    // 01:00+02:00 is 23:00Z the day before: already effective; 00:00:00.001Z is not yet.
    expect(isEffective(revision('2026-06-01T01:00:00+02:00'), asOf)).toBe(true);
    expect(notEffectiveReason(revision('2026-06-01T00:00:00.001Z'), asOf)).toBe(
      'not-yet-effective',
    );
    expect(notEffectiveReason(revision('2026-06-01T00:00:00-00:01'), asOf)).toBe(
      'not-yet-effective',
    );
  });
});

describe('effectivity reads RFC 3339 exactly', () => {
  it('a leap second is a valid boundary, after every instant of second 59', () => {
    const leap = revision('2016-12-31T23:59:60Z');
    expect(notEffectiveReason(leap, new Date('2016-12-31T23:59:59.998Z'))).toBe(
      'not-yet-effective',
    );
    expect(notEffectiveReason(leap, new Date('2017-01-01T00:00:00Z'))).toBeUndefined();
    expect(
      notEffectiveReason(
        revision('2016-01-01T00:00:00Z', '2016-12-31T15:59:60-08:00'),
        new Date('2017-01-01T00:00:00Z'),
      ),
    ).toBe('expired');
  });

  it('a fraction finer than milliseconds is truncated, not rounded up', () => {
    expect(isEffective(revision('2026-06-01T00:00:00.0009Z'), asOf)).toBe(true);
  });

  it.each([
    ['2026-02-30T00:00:00Z', '/effectiveFrom'],
    ['2026-06-01T00:00:00', '/effectiveFrom'],
    ['someday', '/effectiveFrom'],
  ])('an invalid effectiveFrom %s is a contract error, never silently effective', (from, path) => {
    expect(() => isEffective(revision(from), asOf)).toThrow(
      expect.objectContaining({
        _tag: 'PlmContractError',
        issues: [expect.objectContaining({ path, code: 'invalid_date' })],
      }) as Error,
    );
  });

  it('an invalid effectiveTo is reported at its own path', () => {
    expect(() =>
      isEffective(revision('2026-01-01T00:00:00Z', '2026-13-01T00:00:00Z'), asOf),
    ).toThrow(
      expect.objectContaining({
        issues: [expect.objectContaining({ path: '/effectiveTo', code: 'invalid_date' })],
      }) as Error,
    );
  });
});
