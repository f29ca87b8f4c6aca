import { describe, expect, it } from 'vitest';
import { generateFixtures } from './generateFixtures.js';
import type { BomLine as PlmBomLine, ModelConfig as PlmModelConfig } from '@mrp-plm/contract';
import { validateResponse } from './validateResponse.js';

function allLines(m: PlmModelConfig): PlmBomLine[] {
  const out: PlmBomLine[] = [];
  const walk = (lines: readonly PlmBomLine[]): void => {
    for (const l of lines) {
      out.push(l);
      walk(l.children ?? []);
    }
  };
  for (const b of m.boms) walk(b.lines);
  return out;
}

describe('generateFixtures', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = generateFixtures({ seed: 42, models: 30, drift: 0.2 });
    const b = generateFixtures({ seed: 42, models: 30, drift: 0.2 });
    const c = generateFixtures({ seed: 43, models: 30, drift: 0.2 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.models)).not.toBe(JSON.stringify(c.models));
  });

  it('keeps a model the same whatever the total number of models', () => {
    const small = generateFixtures({ seed: 5, models: 10 });
    const large = generateFixtures({ seed: 5, models: 100 });
    expect(large.models.slice(0, 10)).toEqual(small.models);
  });

  it('defaults to 50 models and generates 5,000', () => {
    expect(generateFixtures().models).toHaveLength(50);
    const big = generateFixtures({ seed: 9, models: 5000, drift: 0.1 });
    expect(big.models).toHaveLength(5000);
    expect(big.mrp.models).toHaveLength(5000);
    expect(big.drift).toHaveLength(500);
    expect(new Set(big.models.map((m) => m.id)).size).toBe(5000);
    const featureIds = big.models.flatMap((m) => m.features.map((f) => f.id));
    expect(new Set(featureIds).size).toBe(featureIds.length);
  });

  it('produces configurations valid against the contract', () => {
    for (const m of generateFixtures({ seed: 3, models: 60 }).models)
      expect(validateResponse('getModelConfig', 200, m)).toEqual([]);
  });

  it('covers the shapes consumers must handle', () => {
    const { models } = generateFixtures({ seed: 1, models: 200 });
    const lines = models.flatMap(allLines);
    expect(models.every((m) => m.trims.length >= 2)).toBe(true);
    expect(lines.some((l) => l.quantity.includes('.'))).toBe(true);
    expect(new Set(lines.map((l) => l.unitOfMeasure)).size).toBeGreaterThanOrEqual(6);
    expect(lines.some((l) => l.appliesWhen !== undefined)).toBe(true);
    // three levels: a child with children
    expect(lines.some((l) => (l.children ?? []).some((c) => (c.children ?? []).length > 0))).toBe(
      true,
    );
    const states = models.map((m) => m.revision.lifecycleState);
    expect(states.filter((s) => s === 'released').length).toBeGreaterThan(models.length * 0.8);
    expect(states).toContain('obsolete');
    expect(models.some((m) => Date.parse(m.revision.effectiveFrom) > Date.UTC(2029, 0, 1))).toBe(
      true,
    );
    expect(models.some((m) => m.externalIds?.mrp)).toBe(true);
    expect(models.some((m) => !m.externalIds?.mrp)).toBe(true);
    expect(models.some((m) => m.boms.some((b) => b.trimId !== null))).toBe(true);
  });

  it('generates consistent rules: a required feature is never excluded and is at least as available', () => {
    const { models } = generateFixtures({ seed: 11, models: 300 });
    let requires = 0;
    let excludes = 0;
    for (const m of models) {
      const byId = new Map(m.features.map((f) => [f.id, f]));
      for (const f of m.features) {
        const req = f.rules.filter((r) => r.kind === 'requires').flatMap((r) => r.featureIds);
        const exc = f.rules.filter((r) => r.kind === 'excludes').flatMap((r) => r.featureIds);
        requires += req.length;
        excludes += exc.length;
        expect(req.filter((id) => exc.includes(id))).toEqual([]);
        for (const id of req) {
          const target = byId.get(id);
          expect(target, `${f.id} requires unknown ${id}`).toBeDefined();
          // A required feature excludes nothing, so no chain can contradict.
          expect(target?.rules.some((r) => r.kind === 'excludes')).toBe(false);
          for (const a of f.availability) {
            const t = target?.availability.find((x) => x.trimId === a.trimId)?.availability;
            if (a.availability === 'standard') expect(t).toBe('standard');
            if (a.availability === 'optional') expect(t).not.toBe('unavailable');
          }
        }
        for (const id of exc) {
          // exclusion is symmetric and never both standard in one trim
          expect(
            byId.get(id)?.rules.some((r) => r.kind === 'excludes' && r.featureIds.includes(f.id)),
          ).toBe(true);
          for (const a of f.availability) {
            const t = byId.get(id)?.availability.find((x) => x.trimId === a.trimId)?.availability;
            expect(a.availability === 'standard' && t === 'standard').toBe(false);
          }
        }
      }
    }
    expect(requires).toBeGreaterThan(0);
    expect(excludes).toBeGreaterThan(0);
  });

  it('derives matching MRP data and an id translation table for items without externalIds.mrp', () => {
    const fx = generateFixtures({ seed: 2, models: 40 });
    const table = new Map(fx.mrp.idTranslation.map((e) => [e.plmId, e.mrpId]));
    fx.models.forEach((m, i) => {
      const mrp = fx.mrp.models[i]!;
      const mrpId = m.externalIds?.mrp ?? table.get(m.id);
      expect(mrpId).toBe(mrp.id);
      expect(mrp.id).toMatch(/^M-\d+$/);
      expect(mrp.name).toBe(m.name);
      expect(mrp.trims).toHaveLength(m.trims.length);
      for (const t of m.trims) expect(t.externalIds?.mrp ?? table.get(t.id)).toMatch(/^T-/);
      const qty = (b: readonly PlmBomLine[]): number[] =>
        b.flatMap((l) => [Number(l.quantity), ...qty(l.children ?? [])]);
      const mrpQty = (b: (typeof mrp.boms)[number]['lines']): number[] =>
        b.flatMap((l) => [l.quantity, ...mrpQty(l.children)]);
      expect(mrp.boms.flatMap((b) => mrpQty(b.lines))).toEqual(m.boms.flatMap((b) => qty(b.lines)));
    });
    for (const e of fx.mrp.idTranslation) {
      const model = fx.models.find((m) => m.id === e.plmId);
      if (e.kind === 'model') expect(model?.externalIds?.mrp).toBeUndefined();
    }
    expect(fx.drift).toEqual([]);
  });

  it('applies drift to the MRP side only and reports each difference', () => {
    const clean = generateFixtures({ seed: 4, models: 100 });
    const drifted = generateFixtures({ seed: 4, models: 100, drift: 0.2 });
    expect(drifted.models).toEqual(clean.models);
    expect(drifted.drift).toHaveLength(20);
    expect(new Set(drifted.drift.map((d) => d.kind))).toEqual(
      new Set(['bomQuantity', 'bomPart', 'featureAvailability', 'modelName']),
    );
    const driftedIds = new Set(drifted.drift.map((d) => d.mrpModelId));
    drifted.mrp.models.forEach((m, i) => {
      const same = JSON.stringify(m) === JSON.stringify(clean.mrp.models[i]);
      expect(same).toBe(!driftedIds.has(m.id));
    });
    for (const d of drifted.drift) {
      const m = drifted.mrp.models.find((x) => x.id === d.mrpModelId)!;
      const clean0 = clean.mrp.models.find((x) => x.id === d.mrpModelId)!;
      const at = (root: unknown): unknown =>
        d.mrpPath
          .split('/')
          .slice(1)
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], root);
      expect(at(m)).toBe(d.mrpValue);
      expect(at(clean0)).toBe(d.plmValue);
    }
  });

  it('accepts a drift count and restricted kinds', () => {
    const fx = generateFixtures({ seed: 4, models: 30, drift: { count: 3, kinds: ['modelName'] } });
    expect(fx.drift.map((d) => d.kind)).toEqual(['modelName', 'modelName', 'modelName']);
    expect(generateFixtures({ seed: 4, models: 30, drift: 5 }).drift).toHaveLength(5);
    expect(() => generateFixtures({ models: -1 })).toThrow(RangeError);
  });
});
