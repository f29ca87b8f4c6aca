import { describe, expect, it } from 'vitest';
import { normalizeQuantity } from './normalizeQuantity.js';
import { unitConversions } from './unitConversions.js';

describe('normalizeQuantity', () => {
  it.each([
    ['250', 'MM', 0.25, 'M'],
    ['12.5', 'CM', 0.125, 'M'],
    ['3', 'M', 3, 'M'],
    ['1500', 'G', 1.5, 'KG'],
    ['0.2', 'KG', 0.2, 'KG'],
    ['330', 'ML', 0.33, 'L'],
    ['1.25', 'L', 1.25, 'L'],
    ['4', 'EA', 4, 'EA'],
    ['1', 'SET', 1, 'SET'],
  ] as const)('%s %s -> %s %s', (quantity, unit, expected, expectedUnit) => {
    expect(normalizeQuantity(quantity, unit)).toEqual({ quantity: expected, unit: expectedUnit });
  });

  it('is exact where floating point is not', () => {
    // 0.07 * 0.001 in floating point is 0.00007000000000000001
    expect(0.07 * 0.001).not.toBe(0.00007);
    expect(normalizeQuantity('0.07', 'MM').quantity).toBe(0.00007);
    expect(normalizeQuantity('1.005', 'CM').quantity).toBe(0.01005);
  });

  it('has a conversion for every contract unit, into the five MRP units', () => {
    expect(Object.keys(unitConversions).sort()).toEqual(
      ['CM', 'EA', 'G', 'KG', 'L', 'M', 'ML', 'MM', 'SET'].sort(),
    );
    expect(new Set(Object.values(unitConversions).map((c) => c.unit))).toEqual(
      new Set(['EA', 'SET', 'M', 'KG', 'L']),
    );
  });
});
