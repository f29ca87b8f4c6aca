import { z } from 'zod';
import { mrpFeatureSchema } from './MrpFeature.js';
import { mrpModelHeaderSchema } from './MrpModel.js';
import { mrpTrimSchema } from './MrpTrim.js';

/**
 * zod schema of a model's configuration as MRP holds it: effective trims, and effective features
 * with availability resolved per trim. BOMs are resolved per selection with `mapBom`.
 */
export const mrpModelConfigSchema = mrpModelHeaderSchema.extend({
  trims: z.array(mrpTrimSchema),
  features: z.array(mrpFeatureSchema),
});

/** A model's configuration as MRP holds it. */
export type MrpModelConfig = z.infer<typeof mrpModelConfigSchema>;
