import type { BomLine } from '@mrp-plm/plm-sdk';
import type { BomSelection } from './BomSelection.js';
import type { MrpBom } from './MrpBom.js';
import type { MrpBomLine } from './MrpBomLine.js';
import type { MrpConfigurableBomLine, MrpConfigurableModel } from './MrpConfigurableModel.js';
import { PlmContractError } from './PlmContractError.js';
import { unitConversions } from './unitConversions.js';
import type { DecimalValue } from './internal/Decimal.js';
import { DEFAULT_MAX_BOM_DEPTH } from './internal/validatePayload.js';
import { flattenBomLines } from './internal/flattenBomLines.js';
import { sortedTotals } from './internal/sortedTotals.js';

/** Options of {@link resolveMrpBom}. */
export interface ResolveMrpBomOptions {
  /**
   * Deepest BOM nesting accepted.
   *
   * @default 64
   */
  readonly maxBomDepth?: number;
}

function mrpDataError(path: string, code: string, message: string): PlmContractError {
  return new PlmContractError({
    resource: 'MrpConfigurableModel',
    schemaVersion: undefined,
    issues: [{ path, code, message }],
  });
}

/**
 * Converts MRP BOM lines to the contract's line shape without recursion (the quantity becomes
 * the shortest decimal string of the number, which is what MRP meant by it).
 *
 * Lines below level `maxDepth + 1` are not converted: `flattenBomLines` refuses an applying line
 * at level `maxDepth + 1` and never looks below it, so the conversion stays bounded even for
 * absurdly deep (or cyclic) in-memory data, and the depth limit is checked in one place.
 */
function toContractLines(
  lines: readonly MrpConfigurableBomLine[],
  maxDepth: number,
  path: string,
): BomLine[] {
  const convert = (line: MrpConfigurableBomLine, linePath: string): BomLine => {
    const { quantity, unit } = line;
    if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0) {
      throw mrpDataError(
        `${linePath}/quantity`,
        'invalid_quantity',
        `quantity ${String(quantity)} is not a finite non-negative number`,
      );
    }
    if (typeof unit !== 'string' || !Object.hasOwn(unitConversions, unit)) {
      throw mrpDataError(`${linePath}/unit`, 'invalid_unit', `unknown unit ${String(unit)}`);
    }
    return {
      findNumber: line.lineNo,
      partNumber: line.partNumber,
      description: line.description,
      // `String` of a finite non-negative number is a decimal big.js reads exactly (`1e-7` too).
      quantity: String(quantity),
      unitOfMeasure: unit,
      referenceDesignators: [...line.referenceDesignators],
      ...(line.when === undefined
        ? {}
        : {
            appliesWhen: {
              ...(line.when.allOf === undefined ? {} : { all: [...line.when.allOf] }),
              ...(line.when.anyOf === undefined ? {} : { any: [...line.when.anyOf] }),
              ...(line.when.noneOf === undefined ? {} : { none: [...line.when.noneOf] }),
            },
          }),
    };
  };
  const top = lines.map((line, i) => convert(line, `${path}/lines/${i}`));
  const stack: [MrpConfigurableBomLine, BomLine, number, string][] = lines.map((line, i) => [
    line,
    top[i]!,
    1,
    `${path}/lines/${i}`,
  ]);
  while (stack.length > 0) {
    const [source, target, level, linePath] = stack.pop()!;
    if (source.children.length === 0 || level > maxDepth) continue;
    const children = source.children.map((child, i) => convert(child, `${linePath}/children/${i}`));
    target.children = children;
    source.children.forEach((child, i) =>
      stack.push([child, children[i]!, level + 1, `${linePath}/children/${i}`]),
    );
  }
  return top;
}

/**
 * Resolves the BOM of one configured product from MRP's own product tables, with exactly the
 * rules `mapBom` applies to PLM data (conditions, flattening, extended quantities, exact unit
 * normalisation, totals), so a shadow comparison compares like with like. `sources` is empty and
 * line `bomId`s are `null`: MRP's tables have no PLM BOM ids. The selection is not validated
 * against rules (MRP's own data is what it is); the trim's standard features are added to it.
 *
 * @throws {@link PlmContractError} (code `too_deep`) when a BOM nests deeper than `maxBomDepth`
 * (cyclic `children` included); (resource `MrpConfigurableModel`, code `invalid_quantity` or
 * `invalid_unit`) for a line whose quantity is not a finite non-negative number or whose unit is
 * not a contract unit.
 * @example
 * ```ts
 * const mrpSide = resolveMrpBom(mrpModel, { trimId: 'T-1001-2', featureIds: ['F-5045'] });
 * const plmSide = mapBom(plmPayload, { trimId: 'T-1001-2', featureIds: ['F-5045'] }, { ids }).data;
 * // compare mrpSide.totals with plmSide.totals
 * ```
 */
export function resolveMrpBom(
  model: MrpConfigurableModel,
  selection: BomSelection,
  options: ResolveMrpBomOptions = {},
): MrpBom {
  const chosen = new Set(selection.featureIds);
  for (const feature of model.features) {
    if (Object.hasOwn(feature.availability, selection.trimId)) {
      if (feature.availability[selection.trimId] === 'standard') chosen.add(feature.id);
    }
  }
  const lines: MrpBomLine[] = [];
  const totals = new Map<
    string,
    { partNumber: string; unit: MrpBomLine['unit']; quantity: DecimalValue }
  >();
  const maxDepth = options.maxBomDepth ?? DEFAULT_MAX_BOM_DEPTH;
  model.boms.forEach((bom, i) => {
    if (bom.trimId !== null && bom.trimId !== selection.trimId) return;
    flattenBomLines({
      bomId: null,
      lines: toContractLines(bom.lines, maxDepth, `/boms/${i}`),
      selected: chosen,
      maxDepth,
      schemaVersion: undefined,
      path: `/boms/${i}`,
      out: lines,
      totals,
    });
  });
  return {
    modelId: model.id,
    trimId: selection.trimId,
    featureIds: [...chosen].sort(),
    sources: [],
    lines,
    totals: sortedTotals(totals),
  };
}
