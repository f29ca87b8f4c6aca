import { z } from 'zod';

/**
 * zod schema of the units MRP holds quantities in. PLM's `MM`/`CM`/`M` become `M`, `G`/`KG`
 * become `KG`, `ML`/`L` become `L`; `EA` and `SET` are kept.
 */
export const mrpUnitSchema = z.enum(['EA', 'SET', 'M', 'KG', 'L']);

/** A unit MRP holds quantities in. */
export type MrpUnit = z.infer<typeof mrpUnitSchema>;
