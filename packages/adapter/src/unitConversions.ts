import type { UnitOfMeasure } from '@mrp-plm/contract';
import type { MrpUnit } from './MrpUnit.js';

/**
 * How each PLM unit of measure becomes an MRP unit: multiply the quantity by `factor` (an exact
 * decimal string) to get the quantity in `unit`.
 */
export const unitConversions: Readonly<
  Record<UnitOfMeasure, { readonly unit: MrpUnit; readonly factor: string }>
> = {
  EA: { unit: 'EA', factor: '1' },
  SET: { unit: 'SET', factor: '1' },
  M: { unit: 'M', factor: '1' },
  CM: { unit: 'M', factor: '0.01' },
  MM: { unit: 'M', factor: '0.001' },
  KG: { unit: 'KG', factor: '1' },
  G: { unit: 'KG', factor: '0.001' },
  L: { unit: 'L', factor: '1' },
  ML: { unit: 'L', factor: '0.001' },
};
