import type {
  MrpBomLineRow,
  MrpBomRow,
  MrpFeatureRow,
  MrpIdTranslationRow,
  MrpModelRow,
  MrpProductTables,
  MrpTrimRow,
} from '@mrp-plm/adapter';

/*
 * The MRP-side fixtures have exactly the shapes of MRP's product tables, which
 * `@mrp-plm/adapter` owns (`MrpProductTables` and its rows; this package re-exports them). The
 * names below are the ones this package used before the adapter became their owner; they are the
 * same types, kept so existing imports keep compiling.
 */

/** @deprecated Use `MrpProductTables` (from this package or `@mrp-plm/adapter`): the same type. */
export type MrpProductData = MrpProductTables;
/** @deprecated Use `MrpModelRow` (from this package or `@mrp-plm/adapter`): the same type. */
export type MrpModel = MrpModelRow;
/** @deprecated Use `MrpTrimRow` (from this package or `@mrp-plm/adapter`): the same type. */
export type MrpTrim = MrpTrimRow;
/** @deprecated Use `MrpFeatureRow` (from this package or `@mrp-plm/adapter`): the same type. */
export type MrpFeature = MrpFeatureRow;
/** @deprecated Use `MrpBomRow` (from this package or `@mrp-plm/adapter`): the same type. */
export type MrpBom = MrpBomRow;
/** @deprecated Use `MrpBomLineRow` (from this package or `@mrp-plm/adapter`): the same type. */
export type MrpBomLine = MrpBomLineRow;
/** @deprecated Use `MrpIdTranslationRow` (from this package or `@mrp-plm/adapter`): the same type. */
export type IdTranslationEntry = MrpIdTranslationRow;
