/** The kinds of difference `generateFixtures({ drift })` can put between the PLM and MRP sides. */
export type DriftKind = 'bomQuantity' | 'bomPart' | 'featureAvailability' | 'modelName';

/** Every {@link DriftKind}, in the order the generator rotates through them. */
export const DRIFT_KINDS: readonly DriftKind[] = [
  'bomQuantity',
  'bomPart',
  'featureAvailability',
  'modelName',
];

/**
 * One controlled difference between the PLM fixture and the MRP product data, reported so shadow
 * tests can assert that exactly these differences were found (and classified).
 */
export interface DriftRecord {
  /** PLM master id of the drifted model. */
  readonly plmModelId: string;
  /** MRP id of the same model. */
  readonly mrpModelId: string;
  readonly kind: DriftKind;
  /** JSON Pointer into the MRP model (`MrpModel`) of the changed value. */
  readonly mrpPath: string;
  /** The PLM value (as the MRP side would hold it without drift). */
  readonly plmValue: string | number;
  /** The value the MRP side holds instead. */
  readonly mrpValue: string | number;
  /** Human-readable summary. */
  readonly description: string;
}
