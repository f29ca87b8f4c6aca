import { z } from 'zod';
import { mrpBomLineSchema } from './MrpBomLine.js';
import { mrpUnitSchema } from './MrpUnit.js';

/** zod schema of a part's total quantity in a BOM. */
export const mrpBomTotalSchema = z.object({
  partNumber: z.string(),
  /** Sum of the part's extended quantities, exact to the decimal before becoming a number. */
  quantity: z.number().nonnegative(),
  unit: mrpUnitSchema,
});

/** A part's total quantity in a BOM. */
export type MrpBomTotal = z.infer<typeof mrpBomTotalSchema>;

/**
 * zod schema of the BOM of one configured product as MRP holds it: the model's all-trim BOMs and
 * the chosen trim's BOMs, filtered by the feature selection, flattened, in MRP ids and units.
 */
export const mrpBomSchema = z.object({
  /** MRP id of the model. */
  modelId: z.string().min(1),
  /** MRP id of the chosen trim. */
  trimId: z.string().min(1),
  /** MRP ids of the features in effect: the selection plus the trim's standard features, sorted. */
  featureIds: z.array(z.string()),
  /** The PLM BOMs the lines came from, with their revisions. */
  sources: z.array(z.object({ bomId: z.string(), revision: z.string() })),
  /** Every line that applies, depth first in find-number order. */
  lines: z.array(mrpBomLineSchema),
  /** Total extended quantity per part and unit, sorted by part number then unit. */
  totals: z.array(mrpBomTotalSchema),
});

/** The BOM of one configured product as MRP holds it. */
export type MrpBom = z.infer<typeof mrpBomSchema>;
