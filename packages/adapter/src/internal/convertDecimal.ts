import type { UnitOfMeasure } from '@mrp-plm/plm-sdk';
import { unitConversions } from '../unitConversions.js';
import { Decimal, type DecimalValue } from './Decimal.js';

const factors = new Map<string, DecimalValue>(
  Object.entries(unitConversions).map(([unit, c]) => [unit, new Decimal(c.factor)]),
);

/** Exact conversion of a decimal quantity in a PLM unit to the matching MRP unit. */
export function convertDecimal(quantity: DecimalValue, unit: UnitOfMeasure): DecimalValue {
  const factor = factors.get(unit);
  // The contract's enum guarantees a factor; an unknown unit here means an unvalidated payload.
  if (factor === undefined) throw new RangeError(`unknown unit of measure ${String(unit)}`);
  return factor.eq(1) ? quantity : quantity.times(factor);
}
