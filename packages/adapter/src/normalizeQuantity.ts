import type { UnitOfMeasure } from '@mrp-plm/plm-sdk';
import type { MrpUnit } from './MrpUnit.js';
import { unitConversions } from './unitConversions.js';
import { convertDecimal } from './internal/convertDecimal.js';
import { Decimal } from './internal/Decimal.js';

/**
 * Converts a PLM quantity (a decimal string) to MRP's unit, exactly: the arithmetic is decimal,
 * and the result becomes a `number` only at the end, so `250 MM` is exactly `0.25 M`.
 *
 * @example
 * ```ts
 * normalizeQuantity('250', 'MM'); // { quantity: 0.25, unit: 'M' }
 * normalizeQuantity('1500', 'G'); // { quantity: 1.5, unit: 'KG' }
 * ```
 */
export function normalizeQuantity(
  quantity: string,
  unit: UnitOfMeasure,
): { quantity: number; unit: MrpUnit } {
  return {
    quantity: convertDecimal(new Decimal(quantity), unit).toNumber(),
    unit: unitConversions[unit].unit,
  };
}
