import { describe, expect, it } from 'vitest';
import { PlmContractError } from './PlmContractError.js';

describe('PlmContractError', () => {
  it('says where the violation was seen, is tagged and never retryable', () => {
    const error = new PlmContractError({
      where: 'response',
      operation: 'getModelConfig',
      correlationId: 'c-1',
      status: 200,
      schemaVersion: '1.0.0',
      issues: [{ path: '/body/id', message: 'Invalid string' }],
    });
    expect(error).toMatchObject({ _tag: 'PlmContractError', where: 'response', retryable: false });
    expect(error.message).toContain('PLM getModelConfig response does not match the contract');
    expect(error.message).toContain('/body/id: Invalid string');
  });

  it('names the resource of a payload and caps the issues spelt out in the message', () => {
    const issues = Array.from({ length: 12 }, (_, i) => ({ path: `/items/${i}`, message: 'bad' }));
    const error = new PlmContractError({ where: 'payload', resource: 'CatalogPage', issues });
    expect(error.message).toContain('PLM CatalogPage payload (schema version unknown)');
    expect(error.message).toContain('(and 2 more)');
    expect(error.issues).toHaveLength(12);
    expect(error.operation).toBeUndefined();
  });
});
