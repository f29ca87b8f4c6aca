/**
 * MRP-side product data: what the MRP's own tables hold for the same products the PLM fixtures
 * describe. A deliberately plain structure (the official MRP DTOs and their zod schemas live in
 * `@mrp-plm/adapter`), used as the "before" side of shadow comparisons.
 *
 * Differences from the PLM shape, on purpose, because real MRP tables look like this:
 * - MRP ids (`M-1001`, `T-1001-2`, `F-5045`), not PLM master ids; the link is the PLM
 *   `externalIds.mrp` or, where PLM does not know it, {@link IdTranslationEntry}.
 * - numeric quantities (`quantity: 0.25`) with a `unit`, instead of decimal strings;
 * - availability keyed by MRP trim id; rules as two id lists;
 * - BOM lines keep their multi-level structure (`children`), keyed by `lineNo` (the PLM find number).
 */

/** Availability of a feature in one trim, as MRP stores it. */
export type MrpAvailability = 'standard' | 'optional' | 'unavailable';

/** Status of a model in MRP (derived from the PLM lifecycle and effectivity). */
export type MrpModelStatus = 'active' | 'obsolete' | 'planned';

/** A trim row. */
export interface MrpTrim {
  /** MRP trim id, e.g. `T-1001-2`. */
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Base price as a number (MRP stores money as numeric), when MRP has one. */
  readonly basePrice?: number;
  readonly currency?: string;
}

/** A feature row with its per-trim availability and rules. */
export interface MrpFeature {
  /** MRP feature id, e.g. `F-5045`. */
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly category: string;
  /** Availability per MRP trim id; every trim of the model is listed. */
  readonly availability: Readonly<Record<string, MrpAvailability>>;
  /** MRP feature ids this feature requires. */
  readonly requires: readonly string[];
  /** MRP feature ids this feature excludes. */
  readonly excludes: readonly string[];
}

/** A feature condition in MRP ids. */
export interface MrpFeatureCondition {
  readonly allOf?: readonly string[];
  readonly anyOf?: readonly string[];
  readonly noneOf?: readonly string[];
}

/** One BOM line, multi-level. */
export interface MrpBomLine {
  /** Line number among siblings (PLM find number). */
  readonly lineNo: number;
  readonly partNumber: string;
  readonly description: string;
  /** Quantity per parent unit, as a number. */
  readonly quantity: number;
  readonly unit: 'EA' | 'M' | 'MM' | 'CM' | 'KG' | 'G' | 'L' | 'ML' | 'SET';
  readonly referenceDesignators: readonly string[];
  /** Feature condition (MRP feature ids); absent when the line always applies. */
  readonly when?: MrpFeatureCondition;
  readonly children: readonly MrpBomLine[];
}

/** A BOM: for one MRP trim id, or for every trim (`trimId: null`). */
export interface MrpBom {
  readonly trimId: string | null;
  readonly lines: readonly MrpBomLine[];
}

/** One model as MRP's tables hold it. */
export interface MrpModel {
  /** MRP model id, e.g. `M-1001`. */
  readonly id: string;
  readonly name: string;
  readonly modelYear: number;
  readonly productLine: string;
  readonly status: MrpModelStatus;
  readonly trims: readonly MrpTrim[];
  readonly features: readonly MrpFeature[];
  readonly boms: readonly MrpBom[];
}

/**
 * One row of the PLM → MRP id translation table, for items whose PLM payload has no
 * `externalIds.mrp`.
 */
export interface IdTranslationEntry {
  readonly kind: 'model' | 'trim' | 'feature';
  readonly plmId: string;
  readonly mrpId: string;
}

/** The whole MRP side: models and the id translation table. */
export interface MrpProductData {
  readonly models: readonly MrpModel[];
  readonly idTranslation: readonly IdTranslationEntry[];
}
