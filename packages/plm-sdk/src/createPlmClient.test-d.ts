import { describe, expectTypeOf, it } from 'vitest';
import type { CatalogPage, ModelConfig } from './generated/types.gen.js';
import type { PlmClient } from './PlmClient.js';
import type { PlmError } from './PlmError.js';

declare const plm: PlmClient;

describe('PlmClient types', () => {
  it('getCatalog discriminates on notModified', async () => {
    const result = await plm.getCatalog({ ifNoneMatch: '"x"' });
    if (result.notModified) expectTypeOf(result.data).toEqualTypeOf<undefined>();
    else expectTypeOf(result.data).toEqualTypeOf<CatalogPage>();
  });

  it('data is typed per operation, with Date timestamps', async () => {
    const { data } = await plm.getModelConfig('MDL-000123');
    expectTypeOf(data).toEqualTypeOf<ModelConfig>();
    expectTypeOf(data.updatedAt).toEqualTypeOf<Date>();
  });

  it('submitUsageMetrics requires an idempotency key', () => {
    // @ts-expect-error idempotencyKey is required
    void plm.submitUsageMetrics({ events: [] }, {});
  });

  it('PlmError discriminates on _tag', () => {
    const narrow = (error: PlmError) => {
      switch (error._tag) {
        case 'PlmHttpError':
          return error.status;
        case 'PlmContractError':
          return error.issues.length;
        case 'PlmAuthError':
        case 'PlmNetworkError':
        case 'PlmTimeoutError':
        case 'PlmAbortError':
          return error.retryable ? 1 : 0;
      }
    };
    expectTypeOf(narrow).returns.toEqualTypeOf<number>();
  });
});
