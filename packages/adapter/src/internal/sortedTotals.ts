import type { MrpBom } from '../MrpBom.js';
import type { MrpBomLine } from '../MrpBomLine.js';
import type { DecimalValue } from './Decimal.js';

/** Totals sorted by part number, then unit, as numbers. */
export function sortedTotals(
  totals: Map<string, { partNumber: string; unit: MrpBomLine['unit']; quantity: DecimalValue }>,
): MrpBom['totals'] {
  return [...totals.values()]
    .sort((a, b) =>
      a.partNumber === b.partNumber
        ? a.unit.localeCompare(b.unit)
        : a.partNumber < b.partNumber
          ? -1
          : 1,
    )
    .map((t) => ({ partNumber: t.partNumber, quantity: t.quantity.toNumber(), unit: t.unit }));
}
