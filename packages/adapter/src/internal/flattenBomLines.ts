import type { BomLine as SdkBomLine, FeatureCondition } from '@mrp-plm/plm-sdk';
import type { PlmPayload } from '../PlmPayload.js';
import type { MrpBomLine } from '../MrpBomLine.js';
import { PlmContractError } from '../PlmContractError.js';
import { unitConversions } from '../unitConversions.js';
import { Decimal, type DecimalValue } from './Decimal.js';
import { convertDecimal, inverseFactor } from './convertDecimal.js';

/** Whether a feature condition holds for a set of selected (PLM) feature ids. */
export function conditionHolds(
  condition: PlmPayload<FeatureCondition> | undefined,
  selected: ReadonlySet<string>,
): boolean {
  if (condition === undefined) return true;
  if (condition.all !== undefined && !condition.all.every((id) => selected.has(id))) return false;
  if (condition.any !== undefined && !condition.any.some((id) => selected.has(id))) return false;
  if (condition.none !== undefined && condition.none.some((id) => selected.has(id))) return false;
  return true;
}

type BomLine = PlmPayload<SdkBomLine>;

interface Pending {
  readonly line: BomLine;
  readonly level: number;
  readonly parentPath: string;
  /** Extended quantity of the parent in the parent's own PLM unit (1 at the top). */
  readonly parentExtended: DecimalValue;
  /** `1 / factor` of the parent's unit (how many parent units make one parent MRP unit; 1 at the top). */
  readonly parentInverse: DecimalValue;
}

const ONE = new Decimal(1);

function byFindNumber(a: BomLine, b: BomLine): number {
  return a.findNumber - b.findNumber;
}

/**
 * Flattens a multi-level BOM for a feature selection, iteratively (an explicit stack, so nesting
 * depth cannot exhaust the call stack) and depth-limited (so it cannot exhaust memory).
 *
 * A line whose `appliesWhen` does not hold is dropped with all its children. Child quantities are
 * per one unit of the parent, so the extended quantity is the product of the raw quantities down
 * the path, converted to the MRP unit at the end; all arithmetic is exact decimal.
 */
export function flattenBomLines(args: {
  bomId: string | null;
  lines: readonly BomLine[];
  selected: ReadonlySet<string>;
  maxDepth: number;
  schemaVersion: string | undefined;
  /** JSON Pointer of the BOM, for errors. */
  path: string;
  out: MrpBomLine[];
  totals: Map<string, { partNumber: string; unit: MrpBomLine['unit']; quantity: DecimalValue }>;
}): void {
  const stack: Pending[] = [];
  const pushLevel = (lines: readonly BomLine[], parent: Omit<Pending, 'line'>): void => {
    const sorted = [...lines].sort(byFindNumber);
    for (let i = sorted.length - 1; i >= 0; i -= 1) stack.push({ ...parent, line: sorted[i]! });
  };
  pushLevel(args.lines, { level: 1, parentPath: '', parentExtended: ONE, parentInverse: ONE });
  while (stack.length > 0) {
    const { line, level, parentPath, parentExtended, parentInverse } = stack.pop()!;
    if (!conditionHolds(line.appliesWhen, args.selected)) continue;
    if (level > args.maxDepth) {
      throw new PlmContractError({
        resource: 'Bom',
        schemaVersion: args.schemaVersion,
        issues: [
          {
            path: `${args.path} (find path ${parentPath})`,
            code: 'too_deep',
            message: `BOM ${args.bomId} is nested deeper than ${args.maxDepth} levels`,
          },
        ],
      });
    }
    const quantity = new Decimal(line.quantity);
    const extended = parentExtended.times(quantity);
    const conversion = unitConversions[line.unitOfMeasure];
    const findPath =
      parentPath === '' ? String(line.findNumber) : `${parentPath}.${line.findNumber}`;
    const extendedMrp = convertDecimal(extended, line.unitOfMeasure);
    args.out.push({
      bomId: args.bomId,
      findPath,
      findNumber: line.findNumber,
      level,
      partNumber: line.partNumber,
      description: line.description,
      // Per one unit of the parent in the parent's MRP unit (e.g. per M, not per MM): exact, since
      // it multiplies by the parent's inverse factor instead of dividing (`div` rounds).
      quantity: convertDecimal(quantity, line.unitOfMeasure).times(parentInverse).toNumber(),
      extendedQuantity: extendedMrp.toNumber(),
      unit: conversion.unit,
      referenceDesignators: [...line.referenceDesignators],
    });
    const key = `${line.partNumber}\u0000${conversion.unit}`;
    const total = args.totals.get(key);
    if (total === undefined) {
      args.totals.set(key, {
        partNumber: line.partNumber,
        unit: conversion.unit,
        quantity: extendedMrp,
      });
    } else {
      total.quantity = total.quantity.plus(extendedMrp);
    }
    if (line.children !== undefined && line.children.length > 0) {
      pushLevel(line.children, {
        level: level + 1,
        parentPath: findPath,
        parentExtended: extended,
        parentInverse: inverseFactor(line.unitOfMeasure),
      });
    }
  }
}
