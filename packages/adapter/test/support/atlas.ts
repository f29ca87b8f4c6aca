import type { z } from 'zod';
import type { bomLineSchema, modelConfigSchema } from '@mrp-plm/plm-sdk';

/** Raw (wire) model configuration, as JSON carries it. */
export type ModelConfigJson = z.input<typeof modelConfigSchema>;
export type BomLineJson = z.input<typeof bomLineSchema>;

export const AS_OF = new Date('2026-06-01T00:00:00Z');

export const released = (revision = 'A', from = '2026-01-15T00:00:00Z') => ({
  revision,
  lifecycleState: 'released' as const,
  effectiveFrom: from,
  effectiveTo: null,
});

/**
 * A small, hand-written model: two trims (STD, PREM), three features
 * (CAB standard in PREM / optional in STD, LDR optional requiring CAB, HEAT optional excluding LDR),
 * one all-trim BOM and one PREM BOM.
 */
export function atlas(): ModelConfigJson {
  return {
    id: 'MDL-000123',
    revision: released('C'),
    name: 'Atlas Compact Tractor',
    modelYear: 2026,
    productLine: 'Compact Tractors',
    externalIds: { mrp: 'MRP-M-4711' },
    updatedAt: '2026-03-02T10:41:17+01:00',
    trims: [
      {
        id: 'TRM-000123-01',
        modelId: 'MDL-000123',
        revision: released('B'),
        name: 'Atlas Standard',
        code: 'STD',
        basePrice: { amount: '38950.10', currency: 'EUR' },
      },
      {
        id: 'TRM-000123-02',
        modelId: 'MDL-000123',
        revision: released('A'),
        name: 'Atlas Premium',
        code: 'PREM',
        externalIds: { mrp: 'MRP-T-0815' },
      },
    ],
    features: [
      {
        id: 'FTR-000045',
        revision: released('D'),
        name: 'Enclosed cab with HVAC',
        code: 'CAB_HVAC',
        category: 'Operator station',
        availability: [
          { trimId: 'TRM-000123-01', availability: 'optional' },
          { trimId: 'TRM-000123-02', availability: 'standard' },
        ],
        rules: [],
        externalIds: { mrp: 'MRP-F-0045' },
      },
      {
        id: 'FTR-000046',
        revision: released('A'),
        name: 'Front loader mounting kit',
        code: 'LDR_KIT',
        category: 'Implements',
        availability: [
          { trimId: 'TRM-000123-01', availability: 'optional' },
          { trimId: 'TRM-000123-02', availability: 'optional' },
        ],
        rules: [{ kind: 'requires', featureIds: ['FTR-000045'] }],
      },
      {
        id: 'FTR-000052',
        revision: released('A'),
        name: 'Heated seat',
        code: 'HEAT',
        category: 'Operator station',
        availability: [
          { trimId: 'TRM-000123-01', availability: 'optional' },
          { trimId: 'TRM-000123-02', availability: 'optional' },
        ],
        rules: [{ kind: 'excludes', featureIds: ['FTR-000046'] }],
      },
    ],
    boms: [
      {
        id: 'BOM-000123-01',
        modelId: 'MDL-000123',
        trimId: null,
        revision: released('F'),
        lines: [
          line(10, 'PN-100200', '1', 'EA'),
          line(20, 'PN-300410', '1', 'EA', {
            appliesWhen: { all: ['FTR-000045'] },
            children: [line(10, 'PN-300411', '2', 'EA', { referenceDesignators: ['A1', 'A2'] })],
          }),
          line(30, 'PN-400100', '250', 'MM'),
        ],
      },
      {
        id: 'BOM-000123-02',
        modelId: 'MDL-000123',
        trimId: 'TRM-000123-02',
        revision: released('A'),
        lines: [line(10, 'PN-500000', '1.5', 'KG')],
      },
    ],
  };
}

export function line(
  findNumber: number,
  partNumber: string,
  quantity: string,
  unitOfMeasure: BomLineJson['unitOfMeasure'],
  extra: Partial<BomLineJson> = {},
): BomLineJson {
  return {
    findNumber,
    partNumber,
    description: `Part ${partNumber}`,
    quantity,
    unitOfMeasure,
    referenceDesignators: [],
    ...extra,
  };
}

/** PLM ids without externalIds.mrp -> MRP ids. */
export const ATLAS_TABLE = new Map([
  ['TRM-000123-01', 'MRP-T-0001'],
  ['FTR-000046', 'MRP-F-0046'],
  ['FTR-000052', 'MRP-F-0052'],
]);
