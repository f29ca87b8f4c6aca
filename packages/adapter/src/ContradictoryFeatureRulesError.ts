/**
 * One contradiction in a model's feature rules.
 *
 * - `unsatisfiable`: selecting the feature requires (directly or through other features) a feature
 *   that excludes it or that it excludes, e.g. A requires B and B excludes A.
 * - `standard-requires-unavailable`: a feature standard in a trim requires a feature that is
 *   unavailable in that trim.
 * - `standard-excludes-standard`: two features standard in the same trim exclude each other.
 * - `unknown-feature`: a `requires` rule names a feature the model does not have.
 */
export interface FeatureRuleConflict {
  readonly kind:
    | 'unsatisfiable'
    | 'standard-requires-unavailable'
    | 'standard-excludes-standard'
    | 'unknown-feature';
  /** PLM id of the feature whose rules conflict. */
  readonly featureId: string;
  /** PLM ids of the other features involved. */
  readonly otherFeatureIds: readonly string[];
  /** PLM id of the trim the conflict is in, for per-trim conflicts. */
  readonly trimId?: string;
}

/**
 * A model's `requires`/`excludes` rules contradict each other (or the per-trim availability), so no
 * availability can be resolved for it. `conflicts` lists every contradiction found.
 *
 * Never retry: the PLM data must be fixed.
 */
export class ContradictoryFeatureRulesError extends Error {
  readonly _tag = 'ContradictoryFeatureRulesError' as const;
  override readonly name = 'ContradictoryFeatureRulesError';
  /** PLM id of the model (or `undefined` for a bare feature list). */
  readonly modelId: string | undefined;
  /** Every contradiction found. */
  readonly conflicts: readonly FeatureRuleConflict[];

  constructor(args: {
    modelId: string | undefined;
    conflicts: readonly FeatureRuleConflict[];
    cause?: unknown;
  }) {
    const described = args.conflicts
      .slice(0, 10)
      .map(
        (c) =>
          `${c.kind}: ${c.featureId} / ${c.otherFeatureIds.join(', ')}${c.trimId === undefined ? '' : ` in trim ${c.trimId}`}`,
      )
      .join('; ');
    super(
      `Contradictory feature rules${args.modelId === undefined ? '' : ` in model ${args.modelId}`}: ${described}${args.conflicts.length > 10 ? ` (and ${args.conflicts.length - 10} more)` : ''}`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.modelId = args.modelId;
    this.conflicts = args.conflicts;
  }
}
