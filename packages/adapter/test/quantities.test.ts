import { describe, expect, it } from 'vitest';
import {
  createIdTranslator,
  mapBom,
  normalizeQuantity,
  PlmContractError,
  resolveMrpBom,
  type MrpBomLineRow,
  type MrpConfigurableModel,
} from '../src/index.js';
import { AS_OF, ATLAS_TABLE, atlas, line, released, type BomLineJson } from './support/atlas.js';

const opts = () => ({
  ids: createIdTranslator({ toMrp: ATLAS_TABLE }),
  asOf: AS_OF,
  schemaVersion: '1.0.0',
});

function bomOf(lines: BomLineJson[]) {
  const cfg = atlas();
  cfg.boms = [
    { id: 'BOM-000123-09', modelId: 'MDL-000123', trimId: null, revision: released('A'), lines },
  ];
  return mapBom(cfg, { trimId: 'MRP-T-0815', featureIds: [] }, opts()).data;
}

describe('exact quantities at the extremes', () => {
  it('keeps a tiny per-parent quantity under a parent in a converted unit (no rounding division)', () => {
    // 1e-22 MM of coating per MM of wire is 1e-22 M per M of wire; dividing 1e-25 by 0.001
    // with big.js's 20 decimal places used to give 0.
    const data = bomOf([
      line(10, 'PN-WIRE', '1', 'MM', {
        children: [line(10, 'PN-COAT', '0.0000000000000000000001', 'MM')],
      }),
    ]);
    const coat = data.lines.find((l) => l.findPath === '10.10');
    expect(coat).toMatchObject({ quantity: 1e-22, extendedQuantity: 1e-25, unit: 'M' });
  });

  it('multiplies very large and very small quantities exactly, rounding once at the end', () => {
    const data = bomOf([
      line(10, 'PN-BIG', '999999999999.999', 'EA', {
        children: [
          line(10, 'PN-BIGGER', '999999999999.999', 'EA'),
          line(20, 'PN-DUST', '0.000001', 'G'),
        ],
      }),
    ]);
    const byPart = new Map(data.totals.map((t) => [t.partNumber, t]));
    expect(byPart.get('PN-BIGGER')?.quantity).toBe(Number('999999999999998000000000.000001'));
    // 999999999999.999 * 0.000001 G = 999999.999999999 G = 999.999999999999 KG
    expect(byPart.get('PN-DUST')).toEqual({
      partNumber: 'PN-DUST',
      quantity: 999.999999999999,
      unit: 'KG',
    });
  });

  it('sums a total exactly before it becomes a number', () => {
    const data = bomOf(
      Array.from({ length: 10 }, (_, i) => line(10 * (i + 1), 'PN-S', '0.1', 'KG')),
    );
    let float = 0;
    for (let i = 0; i < 10; i += 1) float += 0.1;
    expect(float).not.toBe(1);
    expect(data.totals).toEqual([{ partNumber: 'PN-S', quantity: 1, unit: 'KG' }]);
  });

  it('keeps a zero-quantity line, with zero extended quantities below it', () => {
    const data = bomOf([
      line(10, 'PN-ZERO', '0', 'M', { children: [line(10, 'PN-CHILD', '5', 'EA')] }),
    ]);
    expect(data.lines.map((l) => [l.findPath, l.quantity, l.extendedQuantity])).toEqual([
      ['10', 0, 0],
      ['10.10', 5, 0],
    ]);
  });
});

describe('normalizeQuantity bad input', () => {
  it.each([
    ['-1', 'EA'],
    ['1e3', 'EA'],
    ['abc', 'EA'],
    ['1', 'XX'],
    ['1', '__proto__'],
  ])('refuses %s %s with a PlmContractError, not a bare Error', (quantity, unit) => {
    expect(() => normalizeQuantity(quantity, unit as 'EA')).toThrow(PlmContractError);
  });
});

describe('resolveMrpBom bad MRP data', () => {
  const model = (lines: MrpBomLineRow[]): MrpConfigurableModel => ({
    id: 'M-1',
    features: [],
    boms: [{ trimId: null, lines }],
  });
  const mrpLine = (extra: Partial<MrpBomLineRow> = {}): MrpBomLineRow => ({
    lineNo: 10,
    partNumber: 'PN-1',
    description: '',
    quantity: 1,
    unit: 'EA',
    referenceDesignators: [],
    children: [],
    ...extra,
  });

  it('refuses cyclic children with too_deep instead of hanging', () => {
    const children: MrpBomLineRow[] = [];
    const cyclic = mrpLine({ children });
    children.push(cyclic);
    let error: unknown;
    try {
      resolveMrpBom(model([cyclic]), { trimId: 'T-1', featureIds: [] }, { maxBomDepth: 8 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlmContractError);
    expect((error as PlmContractError).issues[0]?.code).toBe('too_deep');
  });

  it('still resolves a BOM exactly maxBomDepth levels deep', () => {
    let deepest = mrpLine({ partNumber: 'PN-LEAF' });
    for (let i = 1; i < 8; i += 1) deepest = mrpLine({ children: [deepest] });
    const bom = resolveMrpBom(
      model([deepest]),
      { trimId: 'T-1', featureIds: [] },
      { maxBomDepth: 8 },
    );
    expect(bom.lines.at(-1)).toMatchObject({ partNumber: 'PN-LEAF', level: 8 });
  });

  it.each([
    [{ quantity: Number.NaN }, 'invalid_quantity', '/boms/0/lines/0/quantity'],
    [{ quantity: -1 }, 'invalid_quantity', '/boms/0/lines/0/quantity'],
    [{ quantity: Number.POSITIVE_INFINITY }, 'invalid_quantity', '/boms/0/lines/0/quantity'],
    [{ unit: 'XX' as 'EA' }, 'invalid_unit', '/boms/0/lines/0/unit'],
  ])('refuses %o with a typed error', (extra, code, path) => {
    expect(() => resolveMrpBom(model([mrpLine(extra)]), { trimId: 'T-1', featureIds: [] })).toThrow(
      expect.objectContaining({
        _tag: 'PlmContractError',
        issues: [expect.objectContaining({ code, path })],
      }),
    );
  });

  it('reads tiny MRP quantities exactly', () => {
    const bom = resolveMrpBom(model([mrpLine({ quantity: 1e-7, unit: 'G' })]), {
      trimId: 'T-1',
      featureIds: [],
    });
    expect(bom.totals).toEqual([{ partNumber: 'PN-1', quantity: 1e-10, unit: 'KG' }]);
  });
});
