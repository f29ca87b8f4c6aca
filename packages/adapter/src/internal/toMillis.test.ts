import { describe, expect, it } from 'vitest';
import { PlmContractError } from '@mrp-plm/contract';
import { toIsoString, toMillis } from './toMillis.js';

const at = { path: '/revision/effectiveFrom', resource: 'ModelConfig' };

describe('toIsoString', () => {
  it.each([
    ['2026-03-02T09:41:17Z', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T09:41:17.250Z', '2026-03-02T09:41:17.250Z'],
    ['2026-03-02T10:41:17+01:00', '2026-03-02T09:41:17.000Z'],
    ['2026-03-02T09:41:17.123456789Z', '2026-03-02T09:41:17.123Z'],
    ['0099-12-31T00:00:00Z', '0099-12-31T00:00:00.000Z'],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'],
  ])('%s is %s', (input, expected) => {
    expect(toIsoString(input, at)).toBe(expected);
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
