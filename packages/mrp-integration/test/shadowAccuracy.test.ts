import { createTestClock } from '@mrp-plm/resilience';
import { startPlmMock, type DriftRecord, type PlmMock } from '@mrp-plm/plm-mock';
import type { MrpBomLineRow, MrpModelRow } from '@mrp-plm/adapter';
import { afterAll, describe, expect, test } from 'vitest';
import { createShadowComparison } from '../src/index.js';
import { mrpBomsOf, shadowIntegration } from './support/shadowIntegration.js';

/** The mock derives its MRP side at this date; PLM is mapped at the same date. */
const AS_OF = Date.UTC(2026, 5, 1);

const mocks: PlmMock[] = [];
afterAll(async () => {
  for (const mock of mocks) await mock.close();
});

/** The key the comparison gives a line among its siblings (`P-1`, or `P-1#2` for a repeat). */
function lineKey(siblings: readonly MrpBomLineRow[], index: number, partNumber: string): string {
  const before = siblings
    .slice(0, index)
    .filter((l) => l.partNumber === siblings[index]!.partNumber).length;
  return before === 0 ? partNumber : `${partNumber}#${before + 1}`;
}

/**
 * The comparison's path of a drift record's JSON Pointer into the MRP rows, and whether the
 * report means a critical difference: the paths the comparison must report, exactly.
 */
function expectedPaths(
  record: DriftRecord,
  model: MrpModelRow,
): { critical: string[]; minor: string[] } {
  const tokens = record.mrpPath.split('/').slice(1);
  switch (record.kind) {
    case 'modelName':
      return { critical: [], minor: ['name'] };
    case 'featureAvailability': {
      const feature = model.features[Number(tokens[1])]!;
      return {
        critical: [`features[id=${feature.id}].availability[trim=${tokens[3]}]`],
        minor: [],
      };
    }
    case 'bomQuantity':
    case 'bomPart': {
      // /boms/<b>/lines/<i>/children/<j>/…/<field>
      const bom = model.boms[Number(tokens[1])]!;
      let path = `boms[trim=${bom.trimId ?? '*'}]`;
      let siblings: readonly MrpBomLineRow[] = bom.lines;
      let last = '';
      for (let t = 2; t < tokens.length - 1; t += 2) {
        const index = Number(tokens[t + 1]);
        const line = siblings[index]!;
        last = path + `.${tokens[t]}`;
        path = `${last}[partNumber=${lineKey(siblings, index, line.partNumber)}]`;
        siblings = line.children;
      }
      if (record.kind === 'bomQuantity') return { critical: [`${path}.quantity`], minor: [] };
      // A changed part number is the PLM line missing in MRP and the MRP line missing in PLM.
      return {
        critical: [
          `${last}[partNumber=${record.plmValue}]`,
          `${last}[partNumber=${record.mrpValue}]`,
        ].sort(),
        minor: [],
      };
    }
  }
}

async function accuracy(models: number, drift: number, maxConcurrent: number): Promise<void> {
  const mock = await startPlmMock({ seed: 3, models, drift: { count: drift } });
  mocks.push(mock);
  const rows = new Map(mock.fixtures.mrp.models.map((m) => [m.id, m]));
  const comparison = createShadowComparison({
    mrpBoms: mrpBomsOf(mock),
    maxConcurrent,
    queueSize: 500,
    noise: { calibrationRate: 0 },
  });
  const integration = shadowIntegration(mock, comparison, {
    config: { retryMaxAttempts: 1, maxConcurrent },
    clock: createTestClock({ start: AS_OF }),
  });
  try {
    const ids = mock.fixtures.mrp.models.map((m) => m.id);
    for (let i = 0; i < ids.length; i += 400) {
      for (const id of ids.slice(i, i + 400)) await integration.getModelConfig(id);
      await comparison.idle();
    }
    const stats = comparison.stats();
    expect(stats.compared).toBe(models);
    expect(stats.skipped).toEqual({
      'queue-full': 0,
      'plm-failed': 0,
      'plm-timeout': 0,
      'mrp-failed': 0,
    });
    const report = mock.fixtures.drift;
    expect(report).toHaveLength(drift);
    expect(new Set(report.map((d) => d.kind)).size).toBe(4);

    // Exactly the drifted models are reported: none missed, none invented.
    const reported = ids.filter((id) => comparison.modelStats(id)?.lastMismatched === true);
    expect(reported.sort()).toEqual(report.map((d) => d.mrpModelId).sort());
    expect(stats.models).toEqual({ compared: models, mismatched: drift });

    // And for each, exactly the report's paths, with the report's severity and values.
    for (const record of report) {
      const [mismatch] = comparison.recentMismatches({ modelId: record.mrpModelId, limit: 1 });
      const differences = mismatch!.differences;
      const expected = expectedPaths(record, rows.get(record.mrpModelId)!);
      const critical = differences
        .filter((d) => d.severity === 'critical')
        .map((d) => d.path)
        .sort();
      const minor = differences
        .filter((d) => d.severity === 'minor')
        .map((d) => d.path)
        .sort();
      expect({ model: record.mrpModelId, kind: record.kind, critical, minor }).toEqual({
        model: record.mrpModelId,
        kind: record.kind,
        ...expected,
      });
      if (record.kind === 'modelName' || record.kind === 'featureAvailability') {
        expect(differences[0]).toMatchObject({ mrp: record.mrpValue, plm: record.plmValue });
      }
    }
    expect(stats.critical).toBe(report.filter((d) => d.kind !== 'modelName').length);
  } finally {
    await comparison.close();
    await integration.close();
  }
}

describe('accuracy against the mock drift report', () => {
  test('50-model catalog', async () => {
    await accuracy(50, 12, 4);
  });

  test('5,000-model catalog', { timeout: 240_000 }, async () => {
    await accuracy(5_000, 500, 8);
  });
});
