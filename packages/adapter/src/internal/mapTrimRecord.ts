import type { Trim } from '@mrp-plm/contract';
import type { MrpTrim } from '../MrpTrim.js';
import type { PlmPayload } from '../PlmPayload.js';
import type { MappingContext } from './MappingContext.js';

/** Maps one (effective) trim to the MRP shape. */
export function mapTrimRecord(
  ctx: MappingContext,
  trim: PlmPayload<Trim>,
): MrpTrim & { plmId: string } {
  return {
    id: ctx.ids.toMrp(trim.id, 'trim', trim.externalIds?.mrp),
    plmId: trim.id,
    code: trim.code,
    name: trim.name,
    revision: trim.revision.revision,
    basePrice:
      trim.basePrice === undefined
        ? null
        : { amount: Number(trim.basePrice.amount), currency: trim.basePrice.currency },
  };
}
