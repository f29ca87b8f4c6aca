import type { BomLine } from '@mrp-plm/plm-sdk';
import type { BomSelection } from './BomSelection.js';
import type { MrpBom } from './MrpBom.js';
import type { MrpBomLine } from './MrpBomLine.js';
import type { MrpConfigurableBomLine, MrpConfigurableModel } from './MrpConfigurableModel.js';
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

/**
 * Converts MRP BOM lines to the contract's line shape without recursion (the quantity becomes
 * the shortest decimal string of the number, which is what MRP meant by it).
 */
function toContractLines(lines: readonly MrpConfigurableBomLine[]): BomLine[] {
  const convert = (line: MrpConfigurableBomLine): BomLine => ({
    findNumber: line.lineNo,
    partNumber: line.partNumber,
    description: line.description,
    quantity: String(line.quantity),
    unitOfMeasure: line.unit,
    referenceDesignators: [...line.referenceDesignators],
    ...(line.when === undefined
      ? {}
      : {
          appliesWhen: {
            ...(line.when.allOf === undefined ? {} : { allOf: [...line.when.allOf] }),
            ...(line.when.anyOf === undefined ? {} : { anyOf: [...line.when.anyOf] }),
            ...(line.when.noneOf === undefined ? {} : { noneOf: [...line.when.noneOf] }),
          },
        }),
  });
  const top = lines.map(convert);
  const stack: [MrpConfigurableBomLine, BomLine][] = lines.map((line, i) => [line, top[i]!]);
  while (stack.length > 0) {
    const [source, target] = stack.pop()!;
    if (source.children.length === 0) continue;
    const children = source.children.map(convert);
    target.children = children;
    source.children.forEach((child, i) => stack.push([child, children[i]!]));
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
 * @throws {@link PlmContractError} (code `too_deep`) when a BOM nests deeper than `maxBomDepth`.
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
  model.boms.forEach((bom, i) => {
    if (bom.trimId !== null && bom.trimId !== selection.trimId) return;
    flattenBomLines({
      bomId: null,
      lines: toContractLines(bom.lines),
      selected: chosen,
      maxDepth: options.maxBomDepth ?? DEFAULT_MAX_BOM_DEPTH,
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
