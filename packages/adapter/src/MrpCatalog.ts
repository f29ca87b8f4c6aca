import { z } from 'zod';
import { mrpModelSchema } from './MrpModel.js';

/** zod schema of one page of the catalog as MRP holds it. */
export const mrpCatalogSchema = z.object({
  /** The effective models of the page, in PLM order. */
  models: z.array(mrpModelSchema),
  /** PLM's cursor for the next page, `null` on the last page. */
  nextCursor: z.string().nullable(),
  /** Number of models across all pages, as PLM counted them (before effectivity filtering). */
  totalCount: z.number().int().nonnegative(),
});

/** One page of the catalog as MRP holds it. */
export type MrpCatalog = z.infer<typeof mrpCatalogSchema>;
