import { generateFixtures } from '@mrp-plm/plm-mock';
import {
  catalogPageSchema,
  featureListSchema,
  modelConfigSchema,
  trimSchema,
} from '@mrp-plm/plm-sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createIdTranslator, parseModelConfig, PlmContractError } from '../src/index.js';
import { fastValidator } from '../src/internal/fastValidator.js';
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

/** Values near the edges where JSON Schema and zod could disagree. */
const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  // Lengths counted in code points or UTF-16 code units: astral characters around limits.
  fc.integer({ min: 0, max: 210 }).map((n) => '😀'.repeat(n)),
  fc.integer({ min: 0, max: 40 }).map((n) => `A${'😀'.repeat(n)}`),
  fc.integer({ min: 0, max: 210 }).map((n) => 'A'.repeat(n)),
  fc.constantFrom(
    '',
    ' ',
    'MDL-000001',
    'mdl-000001',
    'A-1',
    'ABCD-EFGHIJKLMNOPQRSTUVWXYZ0123456789',
    '2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00+01:00',
    '2026-01-01T00:00:00.123456Z',
    '2026-01-01t00:00:00z',
    '2026-01-01T00:00:00',
    '2026-01-01',
    '2023-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '12.50',
    '-0.5',
    '1e3',
    'EUR',
    'eur',
    'released',
    'obsolete',
    'RELEASED',
    'standard',
    'KG',
    'EA',
  ),
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    1.5,
    1899,
    1900,
    2999,
    3000,
    500,
    501,
    2 ** 53 - 1,
    2 ** 53,
    1e21,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.MAX_VALUE,
  ),
  fc.constantFrom(null, true, false, [], {}, undefined),
);

interface Site {
  readonly parent: Record<string, unknown> | unknown[];
  readonly key: string | number;
}

/** Every place in `root` a value could be replaced or removed. */
function sites(root: unknown): Site[] {
  const found: Site[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      node.forEach((child, key) => {
        found.push({ parent: node, key });
        stack.push(child);
      });
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        found.push({ parent: node as Record<string, unknown>, key });
        stack.push(child);
      }
    }
  }
  return found;
}

/** A valid payload with up to three places replaced by edge values or removed. */
function mutated(valid: () => unknown): fc.Arbitrary<unknown> {
  const edit = fc.record({ pick: fc.nat(), remove: fc.boolean(), value: edgeValue });
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const payload = valid();
    for (const { pick, remove, value } of edits) {
      const all = sites(payload);
      if (all.length === 0) break;
      const { parent, key } = all[pick % all.length]!;
      if (remove && !Array.isArray(parent)) delete parent[key];
      else (parent as Record<string | number, unknown>)[key] = value;
    }
    return payload;
  });
}

describe('fast validation (ajv, compiled from the SDK zod schemas)', () => {
  it('is available for every schema the parse functions use', () => {
    for (const { schema } of contract) expect(fastValidator(schema)).toBeTypeOf('function');
  });

  it.each(contract)('accepts the valid $name fixture', ({ schema, valid }) => {
    expect(fastValidator(schema)!(valid())).toBe(true);
  });

  it.each(contract)(
    'agrees with zod on mutated $name payloads, and zod returns what it accepted unchanged',
    ({ schema, valid }) => {
      const fast = fastValidator(schema)!;
      let accepted = 0;
      fc.assert(
        fc.property(mutated(valid), (payload) => {
          const zod = schema.safeParse(payload);
          const verdict = fast(payload);
          expect(verdict).toBe(zod.success);
          if (verdict) {
            accepted += 1;
            // Without unknown keys, zod's output equals its input: returning the input is the same.
            expect(zod.data).toStrictEqual(payload);
          }
        }),
        { numRuns: 400, seed: 20261128 },
      );
      // Some mutations must stay valid (e.g. a string replaced by another valid one), or the
      // property above would only ever compare rejections.
      expect(accepted).toBeGreaterThan(0);
    },
  );

  it('is available for a schema with a field named like a JSON Schema keyword', () => {
    const schema = z.object({ format: z.string(), pattern: z.string().optional() });
    const fast = fastValidator(schema)!;
    expect(fast).toBeTypeOf('function');
    expect(fast({ format: 'A4' })).toBe(true);
    expect(fast({ format: 4 })).toBe(false);
  });

  it('is refused for schemas whose output is not their input', () => {
    expect(fastValidator(z.object({ a: z.string().default('x') }))).toBeUndefined();
    expect(fastValidator(z.object({ a: z.string().trim() }))).toBeUndefined();
    expect(fastValidator(z.string().refine((s) => s.length % 2 === 0))).toBeUndefined();
    expect(fastValidator(z.string().transform((s) => s.length))).toBeUndefined();
    expect(fastValidator(z.string().regex(/^a$/i))).toBeUndefined();
    expect(fastValidator(z.looseObject({ a: z.string() }))).toBeUndefined();
    expect(fastValidator(z.date())).toBeUndefined();
  });

  it('counts string lengths in code points, as zod does', () => {
    const schema = z.object({ name: z.string().min(2).max(4) });
    const fast = fastValidator(schema)!;
    for (const name of ['😀', '😀😀', '😀😀😀😀', '😀😀😀😀😀', 'ab', 'abcde']) {
      expect(fast({ name }), name).toBe(schema.safeParse({ name }).success);
    }
    expect(fast({ name: '😀😀😀😀' })).toBe(true); // 4 code points, 8 UTF-16 units
    expect(fast({ name: '😀' })).toBe(false);
  });

  it('treats NaN and Infinity as non-numbers, as zod does', () => {
    const schema = z.object({ n: z.number() });
    const fast = fastValidator(schema)!;
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(fast({ n })).toBe(false);
      expect(schema.safeParse({ n }).success).toBe(false);
    }
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
