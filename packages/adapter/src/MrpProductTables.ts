import type { UnitOfMeasure } from '@mrp-plm/contract';
import type { MrpModel } from './MrpModel.js';
import type { MrpTrimAvailability } from './MrpFeature.js';

/*
 * The rows of MRP's own product tables, as an MRP host reads them before PLM is the source of
 * truth. They differ from the PLM shape on purpose, because real MRP tables look like this: MRP
 * ids (`M-1001`, `T-1001-2`, `F-5045`); numeric quantities with a unit instead of decimal strings;
 * availability keyed by MRP trim id; rules as two id lists; BOM lines nested by `children` and
 * numbered by `lineNo` (the PLM find number). `@mrp-plm/plm-mock`'s MRP-side fixtures have exactly
 * these shapes. `mrpModelConfigFromRows` and its siblings turn them into the adapter's MRP DTOs.
 */

/** Availability of a feature in one trim, as MRP stores it. */
export type MrpAvailability = MrpTrimAvailability['availability'];

/** Production status of a model as MRP stores it. */
export type MrpModelStatus = MrpModel['status'];

/** A row of MRP's trim table. */
export interface MrpTrimRow {
  /** MRP trim id, e.g. `T-1001-2`. */
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Base price as a number (MRP stores money as numeric), when MRP has one. */
  readonly basePrice?: number;
  /** Currency of `basePrice` (ISO 4217). */
  readonly currency?: string;
}

/** A row of MRP's feature table with its availability and rule rows folded in. */
export interface MrpFeatureRow {
  /** MRP feature id, e.g. `F-5045`. */
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly category: string;
  /** Availability per MRP trim id; every trim of the model is listed. */
  readonly availability: Readonly<Record<string, MrpAvailability>>;
  /** MRP ids of the features this feature requires. */
  readonly requires: readonly string[];
  /** MRP ids of the features this feature excludes. */
  readonly excludes: readonly string[];
}

/** A BOM line's feature condition in MRP feature ids. */
export interface MrpFeatureCondition {
  /** Every one of these features is selected. */
  readonly allOf?: readonly string[];
  /** At least one of these features is selected. */
  readonly anyOf?: readonly string[];
  /** None of these features is selected. */
  readonly noneOf?: readonly string[];
}

/** A row of MRP's (multi-level, configurable) BOM line table. */
export interface MrpBomLineRow {
  /** Line number among siblings (the PLM find number). */
  readonly lineNo: number;
  readonly partNumber: string;
  readonly description: string;
  /** Quantity per one unit of the parent, as a number, in `unit`. */
  readonly quantity: number;
  /** The unit as entered (the contract's units; the adapter normalises them). */
  readonly unit: UnitOfMeasure;
  readonly referenceDesignators: readonly string[];
  /** Feature condition (MRP feature ids); absent when the line always applies. */
  readonly when?: MrpFeatureCondition;
  readonly children: readonly MrpBomLineRow[];
}

/** A BOM: for one MRP trim id, or for every trim of the model (`trimId: null`). */
export interface MrpBomRow {
  readonly trimId: string | null;
  readonly lines: readonly MrpBomLineRow[];
}

/** One model as MRP's tables hold it, with its trims, features and BOMs. */
export interface MrpModelRow {
  /** MRP model id, e.g. `M-1001`. */
  readonly id: string;
  readonly name: string;
  readonly modelYear: number;
  readonly productLine: string;
  readonly status: MrpModelStatus;
  readonly trims: readonly MrpTrimRow[];
  readonly features: readonly MrpFeatureRow[];
  readonly boms: readonly MrpBomRow[];
}

/**
 * One row of the PLM → MRP id translation table, for items whose PLM payload carries no
 * `externalIds.mrp`.
 */
export interface MrpIdTranslationRow {
  readonly kind: 'model' | 'trim' | 'feature';
  readonly plmId: string;
  readonly mrpId: string;
}

/** MRP's product tables: every model, and the id translation table. */
export interface MrpProductTables {
  readonly models: readonly MrpModelRow[];
  readonly idTranslation: readonly MrpIdTranslationRow[];
}

/**
 * The part of a model's rows that BOM resolution (`resolveMrpBom`) reads: its id, each feature's
 * id and availability, and its BOMs. Any {@link MrpModelRow} is one.
 */
export interface MrpConfigurableModel {
  readonly id: MrpModelRow['id'];
  readonly features: readonly Pick<MrpFeatureRow, 'id' | 'availability'>[];
  readonly boms: MrpModelRow['boms'];
}
