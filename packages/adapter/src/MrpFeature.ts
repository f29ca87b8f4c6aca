import { z } from 'zod';

/** zod schema of a feature's resolved availability in one trim. */
export const mrpTrimAvailabilitySchema = z.object({
  /** MRP id of the trim. */
  trimId: z.string().min(1),
  availability: z.enum(['standard', 'optional', 'unavailable']),
});

/** A feature's resolved availability in one trim. */
export type MrpTrimAvailability = z.infer<typeof mrpTrimAvailabilitySchema>;

/** zod schema of a feature as listed with a model (no availability). */
export const mrpFeatureSummarySchema = z.object({
  /** MRP id of the feature. */
  id: z.string().min(1),
  /** PLM master id of the feature; `null` in records from MRP's own tables that do not know it. */
  plmId: z.string().min(1).nullable(),
  code: z.string(),
  name: z.string(),
  category: z.string(),
});

/** A feature as listed with a model in the catalog. */
export type MrpFeatureSummary = z.infer<typeof mrpFeatureSummarySchema>;

/**
 * zod schema of a feature as MRP holds it: availability resolved for every trim of the model
 * (rules already applied), and its rules with MRP ids.
 */
export const mrpFeatureSchema = mrpFeatureSummarySchema.extend({
  /** PLM revision label the data came from; `null` in records from MRP's own tables. */
  revision: z.string().nullable(),
  /** One entry per effective trim of the model, in the model's trim order. */
  availability: z.array(mrpTrimAvailabilitySchema),
  /** MRP ids of the features this one requires. */
  requires: z.array(z.string()),
  /** MRP ids of the features this one cannot be combined with. */
  excludes: z.array(z.string()),
});

/** A feature as MRP holds it, with availability resolved per trim. */
export type MrpFeature = z.infer<typeof mrpFeatureSchema>;
