import { generateFixtures } from '@mrp-plm/plm-mock';
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
import { catalogPages } from './support/catalogPages.js';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Valid payloads of each contract schema the `parse…` functions use. */
const fixtures = generateFixtures({ seed: 7, models: 6 });
const contract: readonly { name: string; schema: z.ZodType; valid: () => unknown }[] = [
  { name: 'ModelConfig', schema: modelConfigSchema, valid: () => clone(atlas()) },
  {
    name: 'ModelConfig (plm-mock)',
    schema: modelConfigSchema,
    valid: () => clone(fixtures.models[1]),
  },
  {
    name: 'CatalogPage',
    schema: catalogPageSchema,
    valid: () => clone(catalogPages(fixtures.models)[0]),
  },
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
