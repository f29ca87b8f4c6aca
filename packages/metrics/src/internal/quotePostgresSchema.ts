import { OutboxStoreError } from '../OutboxStoreError.js';

/**
 * Validates and quotes a schema name: it is interpolated into SQL (identifiers cannot be bound
 * parameters), so only plain identifiers are accepted.
 */
export const quotePostgresSchema = (schema: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new OutboxStoreError('init', { detail: `invalid schema name "${schema}"` });
  }
  return `"${schema}"`;
};
