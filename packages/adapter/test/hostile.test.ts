import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createIdTranslator,
  mapBom,
  mapModelConfig,
  mapUsageEvents,
  parseCatalogPage,
  parseFeatureList,
  parseModelConfig,
  parseTrim,
  PlmContractError,
} from '../src/index.js';
import { AS_OF, ATLAS_TABLE, atlas, line, released, type BomLineJson } from './support/atlas.js';

const opts = () => ({ ids: createIdTranslator({ toMrp: ATLAS_TABLE }), asOf: AS_OF });
const parsers = [parseModelConfig, parseCatalogPage, parseTrim, parseFeatureList];

/** The only errors hostile JSON may produce are the package's own tagged errors. */
function expectOnlyTaggedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).not.toBeInstanceOf(TypeError);
    expect(e).not.toBeInstanceOf(RangeError);
    expect(e).toHaveProperty('_tag');
  }
}

let prototypeKeys: string[];
beforeAll(() => {
  prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
});
afterAll(() => {
  // Nothing any test fed in may have reached Object.prototype.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

/** JSON text with dangerous keys, parsed the way a server body would be (own properties). */
const dangerousJson = fc
  .tuple(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
    fc.jsonValue(),
  )
  .map(
    ([key, value]) =>
      JSON.parse(`{"${key}": ${JSON.stringify(value) ?? 'null'}, "polluted": true}`) as unknown,
  );

/** A valid payload with one subtree replaced by arbitrary (possibly dangerous) JSON. */
function mutated(): fc.Arbitrary<unknown> {
  return fc.tuple(fc.nat(), fc.oneof(fc.jsonValue(), dangerousJson)).map(([pick, replacement]) => {
    const cfg = JSON.parse(JSON.stringify(atlas())) as unknown;
    const nodes: { parent: Record<string, unknown>; key: string }[] = [];
    const stack = [cfg];
    while (stack.length > 0) {
      const node = stack.pop();
      if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          nodes.push({ parent: node as Record<string, unknown>, key });
          stack.push(value);
        }
      }
    }
    const target = nodes[pick % nodes.length]!;
    target.parent[target.key] = replacement;
    return cfg;
  });
}

describe('hostile input', () => {
  it('arbitrary JSON never produces anything but a tagged error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), dangerousJson), (value) => {
        for (const parse of parsers) expectOnlyTaggedErrors(() => parse(value, opts()));
      }),
      { numRuns: 300 },
    );
  });

  it('valid payloads with an arbitrary subtree either map or fail with a tagged error', () => {
    fc.assert(
      fc.property(mutated(), (value) => {
        expectOnlyTaggedErrors(() => {
          const { payload } = parseModelConfig(value, opts());
          mapBom(payload, { trimId: 'MRP-T-0815', featureIds: [] }, opts());
        });
      }),
      { numRuns: 500 },
    );
  });

  it('__proto__ and constructor keys are reported as unknown fields, never followed', () => {
    const text = JSON.stringify(atlas()).replace(
      '{"id":"MDL-000123"',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"id":"MDL-000123"',
    );
    const result = parseModelConfig(JSON.parse(text), opts());
    expect([...result.unknownFields].sort()).toEqual(['/__proto__', '/constructor']);
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    expect((result.data as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('__proto__ keys in usage attributes are refused with an issue, never followed', () => {
    const attributes = JSON.parse('{"__proto__":{"polluted":"yes"},"source":"x"}') as Record<
      string,
      string
    >;
    const ids = createIdTranslator({ toPlm: new Map([['M-1', 'MDL-000001']]) });
    expectOnlyTaggedErrors(() =>
      mapUsageEvents(
        [
          {
            eventId: '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31',
            type: 'work_order.created',
            occurredAt: '2026-03-02T10:15:00Z',
            workOrderId: 'WO-1',
            modelId: 'M-1',
            quantity: 1,
            attributes,
          },
        ],
        { ids },
      ),
    );
    expect(() =>
      mapUsageEvents(
        [
          {
            eventId: '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31',
            type: 'work_order.created',
            occurredAt: '2026-03-02T10:15:00Z',
            workOrderId: 'WO-1',
            modelId: 'M-1',
            quantity: 1,
            attributes,
          },
        ],
        { ids },
      ),
    ).toThrow(
      expect.objectContaining({
        _tag: 'InvalidUsageRecordError',
        issues: [expect.objectContaining({ path: '/attributes/__proto__' })],
      }) as Error,
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a 10,000-level BOM is refused with a typed error before validation recurses', () => {
    const cfg = atlas();
    let deepest: BomLineJson = line(1, 'PN-LEAF', '1', 'EA');
    for (let i = 0; i < 10_000; i += 1)
      deepest = line(1, `PN-${i}`, '1', 'EA', { children: [deepest] });
    cfg.boms[0]!.lines = [deepest];
    const error = (() => {
      try {
        parseModelConfig(cfg, opts());
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PlmContractError);
    expect((error as PlmContractError).issues[0]).toMatchObject({ code: 'too_deep' });
    expect((error as PlmContractError).issues[0]!.path).toMatch(
      /^\/boms\/0\/lines\/0(\/children\/0)+$/,
    );
  });

  it('the flattener itself is iterative and depth-limited (for payloads the SDK validated)', () => {
    const cfg = atlas();
    let deepest: BomLineJson = line(1, 'PN-LEAF', '1', 'EA');
    for (let i = 0; i < 10_000; i += 1)
      deepest = line(1, `PN-${i}`, '1', 'EA', { children: [deepest] });
    cfg.boms[0]!.lines = [deepest];
    expect(() => mapBom(cfg as never, { trimId: 'MRP-T-0815', featureIds: [] }, opts())).toThrow(
      PlmContractError,
    );
    const within = mapBom(
      cfg,
      { trimId: 'MRP-T-0815', featureIds: [] },
      { ...opts(), maxBomDepth: 20_000 },
    );
    expect(within.data.lines).toHaveLength(10_001 + 1);
    expect(within.data.lines.at(-2)!.level).toBe(10_001);
  });

  it('deep nesting inside an unknown field is tolerated and reported, not walked', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    const cfg = { ...atlas(), extension: deep };
    const result = parseModelConfig(cfg, opts());
    expect(result.unknownFields).toEqual(['/extension']);
  });

  it('very large arrays: every failing path is listed, and a large valid BOM maps', () => {
    const catch_ = (value: unknown): PlmContractError => {
      try {
        parseCatalogPage(value, opts());
      } catch (e) {
        expect(e).toBeInstanceOf(PlmContractError);
        return e as PlmContractError;
      }
      throw new Error('expected PlmContractError');
    };
    // Within the contract's 500 items per page: the 8 problems of every item (bad id, 7 missing
    // properties) plus the bad cursor, all listed.
    const within = catch_({
      items: Array.from({ length: 500 }, (_, i) => ({ id: i })),
      nextCursor: 5,
      totalCount: 1,
    });
    expect(within.issues.length).toBe(500 * 8 + 1);
    expect(within.issues.filter((i) => i.path === '/items/499/id')).toHaveLength(1);
    expect(within.message.length).toBeLessThan(2_000);
    // Beyond it, zod reports the oversized array once instead of walking 200,000 items.
    const beyond = catch_({
      items: Array.from({ length: 200_000 }, (_, i) => ({ id: i })),
      nextCursor: null,
      totalCount: 1,
    });
    expect(beyond.issues).toEqual([expect.objectContaining({ path: '/items', code: 'too_big' })]);

    const cfg = atlas();
    cfg.boms[0]!.lines = Array.from({ length: 50_000 }, (_, i) =>
      line(i + 1, `PN-${i % 100}`, '0.1', 'G'),
    );
    const { payload } = parseModelConfig(cfg, opts());
    const { data } = mapBom(payload, { trimId: 'MRP-T-0001', featureIds: [] }, opts());
    expect(data.lines).toHaveLength(50_000);
    // 500 lines of 0.1 G per part = 50 G = 0.05 KG, exactly
    expect(data.totals.find((t) => t.partNumber === 'PN-7')).toEqual({
      partNumber: 'PN-7',
      quantity: 0.05,
      unit: 'KG',
    });
  });

  it('a 20,000-feature requires chain maps quickly (parseModelConfig, parseFeatureList, mapModelConfig)', () => {
    // Before the linear closure this blocked for minutes (over 10 s at 10,000 features); the
    // work bound itself is asserted in src/internal/resolveAvailability.test.ts.
    const n = 20_000;
    const cfg = atlas();
    cfg.features = Array.from({ length: n }, (_, i) => ({
      id: `FTR-${String(i + 1).padStart(6, '0')}`,
      revision: released('A'),
      name: `Chained ${i}`,
      code: `CHAIN_${i}`,
      category: 'Chain',
      availability: [
        { trimId: 'TRM-000123-01', availability: i === 0 ? 'standard' : 'optional' },
        { trimId: 'TRM-000123-02', availability: 'optional' },
      ],
      rules:
        i + 1 < n
          ? [{ kind: 'requires', featureIds: [`FTR-${String(i + 2).padStart(6, '0')}`] }]
          : [],
      externalIds: { mrp: `MRP-F-${i}` },
    }));
    for (const bom of cfg.boms) for (const l of bom.lines) delete l.appliesWhen;
    // One translator: the feature list's trims are known from the configuration's externalIds.
    const shared = opts();
    const { data, payload } = parseModelConfig(cfg, shared);
    expect(data.features.at(-1)?.availability.map((a) => a.availability)).toEqual([
      'standard',
      'optional',
    ]);
    expect(mapModelConfig(payload, shared).data.features).toHaveLength(n);
    const list = parseFeatureList({ items: cfg.features }, shared);
    expect(list.data).toHaveLength(n);
    // A few seconds of validation on an idle machine; the shared CI machine can be much slower.
  }, 120_000);
});
