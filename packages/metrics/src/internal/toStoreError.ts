import { OutboxStoreError } from '../OutboxStoreError.js';
import { TransactionNotSupportedError } from '../TransactionNotSupportedError.js';

/**
 * Wraps whatever a store threw in {@link OutboxStoreError} (keeping the package's own tagged
 * errors as they are), so callers of the public API only ever see tagged errors, even from a
 * custom `OutboxStore`.
 */
export const toStoreError = (operation: string, error: unknown): Error =>
  error instanceof OutboxStoreError || error instanceof TransactionNotSupportedError
    ? error
    : new OutboxStoreError(operation, { cause: error });
