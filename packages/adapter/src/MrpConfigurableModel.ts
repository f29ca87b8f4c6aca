import type { Availability, UnitOfMeasure } from '@mrp-plm/contract';

/** A feature condition in MRP ids, as MRP's own BOM tables hold it. */
export interface MrpFeatureCondition {
  readonly allOf?: readonly string[];
  readonly anyOf?: readonly string[];
  readonly noneOf?: readonly string[];
}

/**
 * One line of a configurable, multi-level BOM as MRP's own tables hold it: MRP feature ids in
 * `when`, a numeric quantity per parent unit, and the unit as entered.
 */
export interface MrpConfigurableBomLine {
  /** Line number among siblings (the PLM find number). */
  readonly lineNo: number;
  readonly partNumber: string;
  readonly description: string;
  readonly quantity: number;
  readonly unit: UnitOfMeasure;
  readonly referenceDesignators: readonly string[];
  readonly when?: MrpFeatureCondition;
  readonly children: readonly MrpConfigurableBomLine[];
}

/**
 * A model as MRP's own product tables hold it, as far as BOM resolution needs: features with
 * availability keyed by MRP trim id, and configurable BOMs (for one MRP trim, or `null` for all).
 * `@mrp-plm/plm-mock`'s MRP-side `MrpModel` has this shape.
 */
export interface MrpConfigurableModel {
  /** MRP id of the model. */
  readonly id: string;
  readonly features: readonly {
    readonly id: string;
    readonly availability: Readonly<Record<string, Availability>>;
  }[];
  readonly boms: readonly {
    readonly trimId: string | null;
    readonly lines: readonly MrpConfigurableBomLine[];
  }[];
}
