import { createIdTranslator, mrpModelConfigFromRows, parseModelConfig } from '@mrp-plm/adapter';
import type { ModelConfig } from '@mrp-plm/contract';
import { generateFixtures } from '@mrp-plm/plm-mock';
import { describe, expect, it } from 'vitest';
import {
  bomsFromPayload,
  bomsFromRows,
  diffNodes,
  modelConfigNode,
  resourceNodes,
  type RawDifference,
} from './shadowDiff.js';

const fixtures = generateFixtures({ seed: 1, models: 12 });
const ids = createIdTranslator({
  toMrp: new Map(fixtures.mrp.idTranslation.map((e) => [e.plmId, e.mrpId])),
});
const asOf = new Date(Date.UTC(2026, 5, 1));

/** Both sides of one fixture model, exactly as the comparison builds them. */
function sidesOf(index: number, change?: (plm: ModelConfig) => void) {
  const payload = structuredClone<ModelConfig>(fixtures.models[index]!);
  change?.(payload);
  const rows = fixtures.mrp.models[index]!;
  const plm = parseModelConfig(payload, { ids, asOf }).data;
  const mrp = mrpModelConfigFromRows(rows);
  return {
    rows,
    payload,
    plm,
    mrp,
    diff: (mrpSide = mrp, plmSide = plm): RawDifference[] =>
      diffNodes(
        modelConfigNode(mrpSide, bomsFromRows(rows)),
        modelConfigNode(plmSide, bomsFromPayload(payload, plmSide, asOf)),
      ),
  };
}

const summary = (diffs: readonly RawDifference[]) =>
  diffs.map((d) => ({ path: d.path, severity: d.severity }));

/** A model with a line that has children, a trim BOM, two trims and a feature with a rule. */
const richIndex = fixtures.models.findIndex(
  (m) =>
    m.trims.length >= 2 &&
    m.boms.some((b) => b.trimId !== null) &&
    m.boms[0]!.lines.some((l) => (l.children?.length ?? 0) > 0) &&
    m.features.some((f) => f.rules.some((r) => r.kind === 'requires')),
);

describe('shadow normalisation and difference', () => {
  it('finds nothing between the PLM answer and MRP tables of an undrifted model', () => {
    expect(richIndex).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < fixtures.models.length; i++) expect(sidesOf(i).diff()).toEqual([]);
  });

  it('classifies names, descriptions and prices as minor, with keyed paths', () => {
    const s = sidesOf(richIndex, (plm) => {
      plm.name = 'Renamed';
      plm.trims[0]!.name = 'Other trim';
      plm.trims[0]!.basePrice = { amount: '1.00', currency: 'EUR' };
      plm.boms[0]!.lines[0]!.description = 'Other description';
    });
    const trimId = s.mrp.trims[0]!.id;
    const part = s.rows.boms[0]!.lines[0]!.partNumber;
    expect(summary(s.diff())).toEqual([
      { path: 'name', severity: 'minor' },
      { path: `trims[id=${trimId}].name`, severity: 'minor' },
      { path: `trims[id=${trimId}].basePrice.amount`, severity: 'minor' },
      { path: `trims[id=${trimId}].basePrice.currency`, severity: 'minor' },
      { path: `boms[trim=*].lines[partNumber=${part}].description`, severity: 'minor' },
    ]);
    const name = s.diff()[0]!;
    expect(name).toMatchObject({ mrp: s.mrp.name, plm: 'Renamed', generalPath: 'name' });
    expect(s.diff()[1]!.generalPath).toBe('trims[id=*].name');
  });

  it('classifies availability, rules, quantities, units, conditions and parts as critical', () => {
    const s = sidesOf(richIndex, (plm) => {
      const feature = plm.features.find((f) => f.rules.some((r) => r.kind === 'requires'))!;
      feature.rules = feature.rules.filter((r) => r.kind !== 'requires');
      const cell = plm.features[0]!.availability[0]!;
      cell.availability = cell.availability === 'unavailable' ? 'optional' : 'unavailable';
      const line = plm.boms[0]!.lines[0]!;
      line.quantity = `${Number(line.quantity) + 1}`;
      line.appliesWhen = { none: [plm.features[0]!.id] };
      const withChildren = plm.boms[0]!.lines.find((l) => (l.children?.length ?? 0) > 0)!;
      withChildren.children![0]!.partNumber = 'P-NEW';
    });
    const diffs = s.diff();
    expect(diffs.every((d) => d.severity === 'critical')).toBe(true);
    const general = diffs.map((d) => d.generalPath);
    expect(general).toEqual(
      expect.arrayContaining([
        'features[id=*].availability[trim=*]',
        'features[id=*].requires',
        'boms[trim=*].lines[partNumber=*].quantity',
        'boms[trim=*].lines[partNumber=*].condition',
        'boms[trim=*].lines[partNumber=*].children[partNumber=*]',
      ]),
    );
    // A changed part is one line missing on each side, reported once each (not descended into).
    const missing = diffs.filter((d) => d.generalPath.endsWith('children[partNumber=*]'));
    expect(missing).toHaveLength(2);
    expect(missing.find((d) => d.mrp === undefined)!.path).toContain('[partNumber=P-NEW]');
    const removed = missing.find((d) => d.plm === undefined)!.mrp as { quantity: unknown };
    expect(typeof removed.quantity).toBe('number');
  });

  it('compares quantities exactly after unit normalisation', () => {
    const s = sidesOf(richIndex, (plm) => {
      const line = plm.boms[0]!.lines[0]!;
      line.quantity = '250';
      line.unitOfMeasure = 'MM';
    });
    const rows = structuredClone(s.rows);
    const mrpLine = (rows.boms[0]!.lines as unknown as { quantity: number; unit: string }[])[0]!;
    mrpLine.quantity = 0.25;
    mrpLine.unit = 'M';
    const mrpNode = modelConfigNode(s.mrp, bomsFromRows(rows));
    const plmNode = modelConfigNode(s.plm, bomsFromPayload(s.payload, s.plm, asOf));
    expect(diffNodes(mrpNode, plmNode)).toEqual([]);
    // 0.25 M is not 0.2500001 M: no tolerance.
    mrpLine.quantity = 0.2500001;
    expect(summary(diffNodes(modelConfigNode(s.mrp, bomsFromRows(rows)), plmNode))).toEqual([
      {
        path: `boms[trim=*].lines[partNumber=${mrpLine['partNumber' as never] as string}].quantity`,
        severity: 'critical',
      },
    ]);
  });

  it('reports reordered trims, features and lines only as minor ordering differences', () => {
    const s = sidesOf(richIndex, (plm) => {
      plm.trims.reverse();
      plm.features.reverse();
      plm.boms[0]!.lines.reverse();
      for (const line of plm.boms[0]!.lines) line.referenceDesignators = ['R2', 'R1'];
    });
    const rows = structuredClone(s.rows);
    for (const line of rows.boms[0]!.lines as unknown as { referenceDesignators: string[] }[]) {
      line.referenceDesignators = ['R1', 'R2'];
    }
    const diffs = diffNodes(
      modelConfigNode(s.mrp, bomsFromRows(rows)),
      modelConfigNode(s.plm, bomsFromPayload(s.payload, s.plm, asOf)),
    );
    expect(summary(diffs)).toEqual([
      { path: 'trims.$order', severity: 'minor' },
      { path: 'features.$order', severity: 'minor' },
      { path: 'boms[trim=*].lines.$order', severity: 'minor' },
    ]);
  });

  it('reports a trim or feature missing on one side as critical', () => {
    const s = sidesOf(richIndex);
    const mrp = { ...s.mrp, trims: s.mrp.trims.slice(1), features: s.mrp.features.slice(1) };
    const sides = resourceNodes('modelConfig', mrp, s.plm);
    const diffs = diffNodes(sides.mrp, sides.plm);
    const missing = diffs.filter((d) => d.mrp === undefined);
    expect(missing.map((d) => d.path)).toEqual([
      `trims[id=${s.mrp.trims[0]!.id}]`,
      `features[id=${s.mrp.features[0]!.id}]`,
    ]);
    expect(missing.every((d) => d.severity === 'critical')).toBe(true);
    // The other features lose their availability entry of the missing trim: critical too.
    expect(
      diffs
        .filter((d) => d.generalPath === 'features[id=*].availability[trim=*]')
        .every((d) => d.severity === 'critical'),
    ).toBe(true);
  });

  it('pairs repeated part numbers by occurrence', () => {
    const s = sidesOf(richIndex, (plm) => {
      const [a, b] = plm.boms[0]!.lines;
      b!.partNumber = a!.partNumber;
      b!.quantity = '7';
    });
    const rows = structuredClone(s.rows);
    const lines = rows.boms[0]!.lines as unknown as { partNumber: string; quantity: number }[];
    lines[1]!.partNumber = lines[0]!.partNumber;
    lines[1]!.quantity = 7;
    const diffs = diffNodes(
      modelConfigNode(s.mrp, bomsFromRows(rows)),
      modelConfigNode(s.plm, bomsFromPayload(s.payload, s.plm, asOf)),
    );
    expect(diffs.filter((d) => d.severity === 'critical')).toEqual([]);
  });
});
