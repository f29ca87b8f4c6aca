/**
 * The PLM contract (`plm.v1.yaml`) could not be found or parsed. Raised by the first call that needs
 * the contract (`startPlmMock`, `validateResponse`, `contractOperations`).
 */
export class ContractLoadError extends Error {
  readonly _tag = 'ContractLoadError' as const;
  override readonly name = 'ContractLoadError';
  /** The paths that were tried. */
  readonly tried: readonly string[];

  constructor(message: string, tried: readonly string[], options?: { cause?: unknown }) {
    super(message, options);
    this.tried = tried;
  }
}
