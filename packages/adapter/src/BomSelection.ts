/**
 * A configured product, in MRP ids: the trim, and the optional features chosen on top of the
 * trim's standard features (standard features may be listed too; they are always included).
 */
export interface BomSelection {
  /** MRP id of the trim. */
  readonly trimId: string;
  /** MRP ids of the selected features. */
  readonly featureIds: readonly string[];
}
