/**
 * A {@link PlmModeStore} operation failed: Redis unreachable or too slow, or a stored record that
 * is not a mode change. The instance keeps its current mode; the detail is in `cause`.
 */
export class PlmModeStoreError extends Error {
  readonly _tag = 'PlmModeStoreError' as const;
  override readonly name = 'PlmModeStoreError';
  /** What failed: `load`, `save`, or `message` (a record on the channel). */
  readonly operation: 'load' | 'save' | 'message';

  constructor(operation: 'load' | 'save' | 'message', cause: unknown) {
    super(`PLM mode store ${operation} failed`, { cause });
    this.operation = operation;
  }
}
