import {
  catalogPageSchema,
  featureListSchema,
  modelConfigSchema,
  trimSchema,
  fastValidator,
} from '@mrp-plm/contract';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { createIdTranslator, parseModelConfig, PlmContractError } from '../src/index.js';
import { AS_OF, ATLAS_TABLE, atlas } from './support/atlas.js';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Atlas as `GET /plm/catalog` lists it: a one-page catalog of model summaries. */
function atlasCatalogPage(): unknown {
  const { id, revision, name, modelYear, productLine, updatedAt, trims, features } = atlas();
  return {
    items: [
      {
        id,
        revision,
        name,
        modelYear,
        productLine,
        updatedAt,
        trims: trims.map((t) => ({ id: t.id, revision: t.revision, name: t.name, code: t.code })),
        features: features.map((f) => ({
          id: f.id,
          name: f.name,
          code: f.code,
          category: f.category,
        })),
      },
    ],
    nextCursor: null,
    totalCount: 1,
  };
}

/** Valid payloads of each contract schema the `parse…` functions use. (plm-mock's fixtures go
 * through the same parsers in the conformance suite, `adapter-plm-mock-fixtures.test.ts`.) */
const contract: readonly { name: string; schema: z.ZodType; valid: () => unknown }[] = [
  { name: 'ModelConfig', schema: modelConfigSchema, valid: () => clone(atlas()) },
  { name: 'CatalogPage', schema: catalogPageSchema, valid: atlasCatalogPage },
  { name: 'Trim', schema: trimSchema, valid: () => clone(atlas().trims[0]) },
  {
    name: 'FeatureList',
    schema: featureListSchema,
    valid: () => ({ items: clone(atlas().features) }),
  },
];

describe('the contract fast validator on payloads the adapter sees', () => {
  it('is available for every schema the parse functions use', () => {
    for (const { schema } of contract) expect(fastValidator(schema)).toBeTypeOf('function');
  });

  it.each(contract)('accepts the valid $name fixture, as zod does', ({ schema, valid }) => {
    expect(fastValidator(schema)!(valid())).toBe(true);
    expect(schema.safeParse(valid()).success).toBe(true);
  });
});

describe('parse… with the fast path', () => {
  const opts = () => ({ ids: createIdTranslator({ toMrp: ATLAS_TABLE }), asOf: AS_OF });

  it('returns the input itself as the payload when it has no unknown fields', () => {
    const input = clone(atlas());
    expect(parseModelConfig(input, opts()).payload).toBe(input);
  });

  it('returns zod’s copy without the unknown fields when there are some', () => {
    const input = { ...clone(atlas()), warranty: '5 years' };
    const { payload, unknownFields } = parseModelConfig(input, opts());
    expect(unknownFields).toEqual(['/warranty']);
    expect(payload).not.toBe(input);
    expect(payload).not.toHaveProperty('warranty');
  });

  it('still names every failing path when the fast check rejects', () => {
    const input = clone(atlas()) as { name: unknown; modelYear: unknown };
    input.name = '';
    input.modelYear = 1800;
    try {
      parseModelConfig(input, opts());
      expect.unreachable('a PlmContractError');
    } catch (error) {
      expect(error).toBeInstanceOf(PlmContractError);
      expect((error as PlmContractError).issues.map((i) => i.path).sort()).toEqual([
        '/modelYear',
        '/name',
      ]);
    }
  });
});
