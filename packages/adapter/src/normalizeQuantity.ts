import { bomLineSchema, type UnitOfMeasure } from '@mrp-plm/contract';
import type { MrpUnit } from './MrpUnit.js';
import { unitConversions } from './unitConversions.js';
import { PlmContractError, type PlmContractIssue } from '@mrp-plm/contract';
import { convertDecimal } from './internal/convertDecimal.js';
import { Decimal } from './internal/Decimal.js';

/**
 * Converts a PLM quantity (a decimal string) to MRP's unit, exactly: the arithmetic is decimal,
 * and the result becomes a `number` only at the end (rounded once, to the nearest double), so
 * `250 MM` is exactly `0.25 M`.
 *
 * @throws {@link PlmContractError} (resource `BomLine`) when `quantity` is not a contract decimal
 * (`^[0-9]+(\.[0-9]+)?$`: no sign, no exponent) or `unit` is not a contract unit.
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
  const issues: PlmContractIssue[] = [];
  if (!bomLineSchema.shape.quantity.safeParse(quantity).success) {
    issues.push({ path: '/quantity', code: 'invalid_string', message: 'not a decimal quantity' });
  }
  if (!bomLineSchema.shape.unitOfMeasure.safeParse(unit).success) {
    issues.push({
      path: '/unitOfMeasure',
      code: 'invalid_value',
      message: 'not a unit of measure',
    });
  }
  if (issues.length > 0) {
    throw new PlmContractError({
      where: 'payload',
      resource: 'BomLine',
      issues,
      schemaVersion: undefined,
    });
  }
  return {
    quantity: convertDecimal(new Decimal(quantity), unit).toNumber(),
    unit: unitConversions[unit].unit,
  };
}
