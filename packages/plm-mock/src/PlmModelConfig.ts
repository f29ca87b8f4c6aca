/**
 * PLM-side payload types, written to match `contracts/openapi/plm.v1.yaml` (the contract is the
 * authority; `validateResponse` checks the mock's output against it). They are declared here rather
 * than imported from `@mrp-plm/plm-sdk` because `plm-mock` depends on the contract only.
 */

/** Lifecycle state of a revision. */
export type PlmLifecycleState = 'in_work' | 'in_review' | 'released' | 'obsolete';

/** An immutable revision of a master item (`effectiveFrom` inclusive, `effectiveTo` exclusive). */
export interface PlmRevision {
  readonly revision: string;
  readonly lifecycleState: PlmLifecycleState;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
}

/** Ids of the same item in other systems. */
export interface PlmExternalIds {
  readonly mrp?: string;
}

/** A trim (variant) of a model. */
export interface PlmTrim {
  readonly id: string;
  readonly modelId: string;
  readonly revision: PlmRevision;
  readonly name: string;
  readonly code: string;
  readonly externalIds?: PlmExternalIds;
  readonly basePrice?: { readonly amount: string; readonly currency: string };
}

/** Availability of a feature in one trim. */
export type PlmAvailability = 'standard' | 'optional' | 'unavailable';

/** A `requires` / `excludes` rule between features of one model. */
export interface PlmFeatureRule {
  readonly kind: 'requires' | 'excludes';
  readonly featureIds: readonly string[];
}

/** A feature (option) with per-trim availability and rules. */
export interface PlmFeature {
  readonly id: string;
  readonly revision: PlmRevision;
  readonly name: string;
  readonly code: string;
  readonly category: string;
  readonly availability: readonly {
    readonly trimId: string;
    readonly availability: PlmAvailability;
  }[];
  readonly rules: readonly PlmFeatureRule[];
  readonly externalIds?: PlmExternalIds;
}

/** Condition on the selected features (all given clauses must hold). */
export interface PlmFeatureCondition {
  readonly all?: readonly string[];
  readonly any?: readonly string[];
  readonly none?: readonly string[];
}

/** Unit of measure of a BOM line. */
export type PlmUnitOfMeasure = 'EA' | 'M' | 'MM' | 'CM' | 'KG' | 'G' | 'L' | 'ML' | 'SET';

/** One BOM line; `children` quantities are per one unit of the parent. */
export interface PlmBomLine {
  readonly findNumber: number;
  readonly partNumber: string;
  readonly description: string;
  /** Decimal string, e.g. `"2"` or `"0.25"`. */
  readonly quantity: string;
  readonly unitOfMeasure: PlmUnitOfMeasure;
  readonly referenceDesignators: readonly string[];
  readonly appliesWhen?: PlmFeatureCondition;
  readonly children?: readonly PlmBomLine[];
}

/** A BOM of a model, for one trim (`trimId`) or for all trims (`null`). */
export interface PlmBom {
  readonly id: string;
  readonly modelId: string;
  readonly trimId: string | null;
  readonly revision: PlmRevision;
  readonly lines: readonly PlmBomLine[];
}

/** A model's full configuration, as served by `GET /plm/models/{modelId}/config`. */
export interface PlmModelConfig {
  readonly id: string;
  readonly revision: PlmRevision;
  readonly name: string;
  readonly modelYear: number;
  readonly productLine: string;
  readonly externalIds?: PlmExternalIds;
  readonly updatedAt: string;
  readonly trims: readonly PlmTrim[];
  readonly features: readonly PlmFeature[];
  readonly boms: readonly PlmBom[];
}
