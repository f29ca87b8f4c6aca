import { z } from 'zod';
import { mrpFeatureSummarySchema } from './MrpFeature.js';
import { mrpTrimSchema } from './MrpTrim.js';

/** zod schema of the fields every MRP model record has. */
export const mrpModelHeaderSchema = z.object({
  /** MRP id of the model. */
  id: z.string().min(1),
  /** PLM master id of the model; `null` in records from MRP's own tables that do not know it. */
  plmId: z.string().min(1).nullable(),
  /** PLM revision label the data came from; `null` in records from MRP's own tables. */
  revision: z.string().nullable(),
  /**
   * Production status at the mapping date: `obsolete` (obsolete or past `effectiveTo`),
   * `planned` (not yet effective, or not yet released), else `active`.
   */
  status: z.enum(['active', 'obsolete', 'planned']),
  name: z.string(),
  modelYear: z.number().int(),
  productLine: z.string(),
  /** Last change in PLM, as an ISO 8601 UTC timestamp; `null` in records from MRP's own tables. */
  updatedAt: z.string().nullable(),
});

/** zod schema of a model as MRP lists it in its catalog. */
export const mrpModelSchema = mrpModelHeaderSchema.extend({
  /** The model's effective trims. */
  trims: z.array(mrpTrimSchema),
  /** The model's features (catalog summaries carry no availability). */
  features: z.array(mrpFeatureSummarySchema),
});

/** A model as MRP lists it in its catalog. */
export type MrpModel = z.infer<typeof mrpModelSchema>;
