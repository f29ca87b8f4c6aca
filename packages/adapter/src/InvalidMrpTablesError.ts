/**
 * One inconsistency in MRP product-table rows.
 */
export interface MrpTablesIssue {
  /** JSON Pointer into the rows given to the conversion, e.g. `/features/3/availability/T-1001-9`. */
  readonly path: string;
  /**
   * The kind of problem: `duplicate_id`, `unknown_trim`, `unknown_feature`, `missing_availability`,
   * `invalid_value` (a field that does not fit the MRP DTO, e.g. an unknown availability).
   */
  readonly code:
    'duplicate_id' | 'unknown_trim' | 'unknown_feature' | 'missing_availability' | 'invalid_value';
  readonly message: string;
}

/** How many issues the error message spells out; `issues` always holds all of them. */
const MESSAGE_ISSUES = 10;

/**
 * MRP's own product-table rows are inconsistent (duplicate ids, availability for a trim the model
 * does not have, a rule naming a feature the model does not have, a value the MRP DTO cannot
 * hold), so they cannot become the adapter's MRP DTOs. `issues` lists every problem at once.
 *
 * Never retry: the MRP data must be fixed. It says nothing about PLM.
 */
export class InvalidMrpTablesError extends Error {
  readonly _tag = 'InvalidMrpTablesError' as const;
  override readonly name = 'InvalidMrpTablesError';
  /** MRP id of the model whose rows are inconsistent (`undefined` when not known). */
  readonly modelId: string | undefined;
  /** Every problem found. */
  readonly issues: readonly MrpTablesIssue[];

  constructor(args: {
    modelId: string | undefined;
    issues: readonly MrpTablesIssue[];
    cause?: unknown;
  }) {
    const shown = args.issues
      .slice(0, MESSAGE_ISSUES)
      .map((issue) => `${issue.path === '' ? '/' : issue.path}: ${issue.message}`)
      .join('; ');
    const more =
      args.issues.length > MESSAGE_ISSUES
        ? ` (and ${args.issues.length - MESSAGE_ISSUES} more)`
        : '';
    super(
      `MRP product rows${args.modelId === undefined ? '' : ` of model ${args.modelId}`} are inconsistent: ${shown}${more}`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.modelId = args.modelId;
    this.issues = args.issues;
  }
}
