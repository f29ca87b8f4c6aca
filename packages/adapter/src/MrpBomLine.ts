import { z } from 'zod';
import { mrpUnitSchema } from './MrpUnit.js';

/** zod schema of one line of a flattened BOM as MRP holds it. */
export const mrpBomLineSchema = z.object({
  /** PLM id of the BOM the line comes from (see `MrpBom.sources`); `null` for MRP's own BOMs. */
  bomId: z.string().nullable(),
  /** Find numbers from the top level down, joined with `.` (e.g. `20.10`); unique within `bomId`. */
  findPath: z.string(),
  findNumber: z.number().int().positive(),
  /** 1 for a top-level line, 2 for its children, ... */
  level: z.number().int().positive(),
  partNumber: z.string(),
  description: z.string(),
  /** Quantity per one unit of the parent (in the parent's MRP unit), in `unit`. */
  quantity: z.number().nonnegative(),
  /** Quantity per one finished product (the product of the quantities above it), in `unit`. */
  extendedQuantity: z.number().nonnegative(),
  unit: mrpUnitSchema,
  referenceDesignators: z.array(z.string()),
});

/** One line of a flattened BOM as MRP holds it. */
export type MrpBomLine = z.infer<typeof mrpBomLineSchema>;
