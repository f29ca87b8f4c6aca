import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from 'zod';
import { fastValidator, validateWire } from './fastValidator.js';
import {
  bomLineSchema,
  bomSchema,
  catalogPageSchema,
  modelConfigSchema,
  trimSchema,
} from './schemas.js';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The contract's own examples: valid payloads of each schema, from the document the schemas are. */
const document = parse(
  await readFile(new URL('../../../contracts/openapi/plm.v1.yaml', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, { examples?: unknown[] }> } };
const example = (name: string) => () => clone(document.components.schemas[name]!.examples![0]);
const contract: readonly { name: string; schema: z.ZodType; valid: () => unknown }[] = [
  { name: 'ModelConfig', schema: modelConfigSchema, valid: example('ModelConfig') },
  { name: 'CatalogPage', schema: catalogPageSchema, valid: example('CatalogPage') },
  { name: 'Trim', schema: trimSchema, valid: example('Trim') },
  { name: 'Bom', schema: bomSchema, valid: example('Bom') },
  { name: 'BomLine', schema: bomLineSchema, valid: example('BomLine') },
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

describe('fastValidator (ajv, compiled from the contract zod schemas)', () => {
  it('is available for every contract schema with an example', () => {
    for (const { schema } of contract) expect(fastValidator(schema)).toBeTypeOf('function');
  });

  it.each(contract)('accepts the valid $name fixture', ({ schema, valid }) => {
    expect(fastValidator(schema)!(valid())).toBe(true);
  });

  it.each(contract)('agrees with zod on mutated $name payloads', ({ schema, valid }) => {
    const fast = fastValidator(schema)!;
    let accepted = 0;
    fc.assert(
      fc.property(mutated(valid), (payload) => {
        const zod = schema.safeParse(payload);
        const verdict = fast(payload);
        expect(verdict).toBe(zod.success);
        // Unknown keys are ignored here (a mutation may add some), so only the verdicts are compared;
        // the `reject` mode below also pins that `true` means "zod returns the input unchanged".
        if (verdict) accepted += 1;
      }),
      { numRuns: 400, seed: 20261128 },
    );
    // Some mutations must stay valid (e.g. a string replaced by another valid one), or the
    // property above would only ever compare rejections.
    expect(accepted).toBeGreaterThan(0);
  });

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

describe('fastValidator with unknownFields: reject, and validateWire', () => {
  const withUnknown = (valid: () => unknown): fc.Arbitrary<unknown> =>
    fc.tuple(mutated(valid), fc.nat(), fc.boolean()).map(([payload, pick, add]) => {
      if (!add) return payload;
      const objects = sites(payload)
        .map(({ parent, key }) => (parent as Record<string | number, unknown>)[key])
        .filter(
          (v): v is Record<string, unknown> =>
            typeof v === 'object' && v !== null && !Array.isArray(v),
        );
      const target = objects.length === 0 ? payload : objects[pick % objects.length];
      if (typeof target === 'object' && target !== null)
        (target as Record<string, unknown>).extra = 1;
      return payload;
    });

  it.each(contract)(
    'says true exactly when zod accepts $name and returns it unchanged',
    ({ schema, valid }) => {
      const fast = fastValidator(schema, { unknownFields: 'reject' })!;
      let accepted = 0;
      let stripped = 0;
      fc.assert(
        fc.property(withUnknown(valid), (payload) => {
          const zod = schema.safeParse(payload);
          const unchanged = zod.success && JSON.stringify(zod.data) === JSON.stringify(payload);
          expect(fast(payload)).toBe(unchanged);
          if (unchanged) accepted += 1;
          if (zod.success && !unchanged) stripped += 1;
          // validateWire gives exactly zod's verdict and data, whichever path decided.
          const wire = validateWire(schema, payload);
          expect(wire.success).toBe(zod.success);
          if (wire.success) expect(wire.data).toStrictEqual(zod.data);
        }),
        { numRuns: 300, seed: 20261201 },
      );
      expect(accepted).toBeGreaterThan(0);
      expect(stripped).toBeGreaterThan(0);
    },
  );

  it('returns a valid input itself, and a copy without unknown fields otherwise', () => {
    const valid = example('ModelConfig')();
    const same = validateWire(modelConfigSchema, valid);
    expect(same.success && same.data).toBe(valid);
    const extra = { ...(valid as object), surprise: true };
    const copy = validateWire(modelConfigSchema, extra);
    expect(copy.success).toBe(true);
    expect(copy.success && copy.data).not.toBe(extra);
    expect(copy.success && 'surprise' in copy.data).toBe(false);
  });

  it('explains a failure with every failing path', () => {
    const bad = { ...(example('Trim')() as object), id: 'x', name: 42 };
    const result = validateWire(trimSchema, bad);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.error.issues.map((i) => i.path.join('/')).sort()).toEqual(['id', 'name']);
    }
  });
});
