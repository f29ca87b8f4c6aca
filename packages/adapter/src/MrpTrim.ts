import { z } from 'zod';

/** zod schema of a trim as MRP holds it. */
export const mrpTrimSchema = z.object({
  /** MRP id of the trim. */
  id: z.string().min(1),
  /** PLM master id of the trim; `null` in records from MRP's own tables that do not know it. */
  plmId: z.string().min(1).nullable(),
  code: z.string(),
  name: z.string(),
  /** PLM revision label the data came from; `null` in records from MRP's own tables. */
  revision: z.string().nullable(),
  /**
   * Base price (MRP holds money as a number), `null` when unknown (catalog summaries carry none).
   */
  basePrice: z.object({ amount: z.number(), currency: z.string() }).nullable(),
});

/** A trim as MRP holds it. */
export type MrpTrim = z.infer<typeof mrpTrimSchema>;
