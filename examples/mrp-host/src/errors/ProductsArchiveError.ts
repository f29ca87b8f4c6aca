/**
 * `archive-products` refused: PLM does not serve every model yet (`missingInPlm` lists them), or
 * the tables are archived already.
 */
export class ProductsArchiveError extends Error {
  readonly _tag = 'ProductsArchiveError' as const;
  override readonly name = 'ProductsArchiveError';
  readonly reason: 'plm-incomplete' | 'already-archived';
  readonly missingInPlm: readonly string[];

  constructor(
    reason: 'plm-incomplete' | 'already-archived',
    missingInPlm: readonly string[] = [],
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'already-archived'
        ? 'The product tables are archived already.'
        : `PLM does not serve every model yet (${missingInPlm.length} missing: ${missingInPlm.slice(0, 10).join(', ')}${missingInPlm.length > 10 ? ', …' : ''}).`,
      options,
    );
    this.reason = reason;
    this.missingInPlm = missingInPlm;
  }
}
