import type { UnitOfMeasure } from '@mrp-plm/contract';
import { unitConversions } from '../unitConversions.js';
import { Decimal, type DecimalValue } from './Decimal.js';

const factors = new Map<string, DecimalValue>(
  Object.entries(unitConversions).map(([unit, c]) => [unit, new Decimal(c.factor)]),
);

/**
 * `1 / factor` of each unit, computed once. Every factor is a power of ten (`1`, `0.01`, `0.001`),
 * so its inverse is exact and multiplying by it is exact too, unlike `div`, which rounds to
 * `Decimal.DP` (20) decimal places and would lose very small quantities.
 */
const inverses = new Map<string, DecimalValue>(
  [...factors].map(([unit, factor]) => [unit, new Decimal(1).div(factor)]),
);

/** Exact conversion of a decimal quantity in a PLM unit to the matching MRP unit. */
export function convertDecimal(quantity: DecimalValue, unit: UnitOfMeasure): DecimalValue {
  const factor = factors.get(unit);
  // The contract's enum guarantees a factor; an unknown unit here means an unvalidated payload.
  if (factor === undefined) throw new RangeError(`unknown unit of measure ${String(unit)}`);
  return factor.eq(1) ? quantity : quantity.times(factor);
}

/**
 * Exact `1 / factor` of a PLM unit: how many of the PLM unit make one of its MRP unit (e.g. `1000`
 * for `MM`). Multiply by it instead of dividing by the factor, which would round.
 */
export function inverseFactor(unit: UnitOfMeasure): DecimalValue {
  const inverse = inverses.get(unit);
  if (inverse === undefined) throw new RangeError(`unknown unit of measure ${String(unit)}`);
  return inverse;
}
