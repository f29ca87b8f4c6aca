import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { sha256Of } from '../src/internal/payloadHash.js';
import type { ShadowRead } from '../src/index.js';
import { startHarness, type Harness } from './support/harness.js';

let mock: PlmMock;
let mrpModelIds: string[];

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 50 });
  mrpModelIds = mock.fixtures.mrp.models.map((m) => m.id);
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.reset();
});

async function withHarness(
  config: Parameters<typeof startHarness>[0],
  run: (h: Harness) => Promise<void>,
  extra: Parameters<typeof startHarness>[1] = {},
): Promise<void> {
  const h = await startHarness(config, extra, mock);
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

describe('disabled', () => {
  test('serves every read from MRP with zero PLM requests, not even a token', async () => {
    await withHarness({ mode: 'disabled' }, async ({ integration, port }) => {
      for (const id of mrpModelIds) {
        const { data, provenance } = await integration.getModelConfig(id);
        expect(data.id).toBe(id);
        expect(provenance).toMatchObject({
          dataSource: 'mrp',
          mode: 'disabled',
          cache: 'none',
          fallbackReason: undefined,
          plmPayload: undefined,
        });
      }
      const catalog = await integration.getCatalog();
      expect(catalog.data.models).toHaveLength(50);
      const firstTrim = catalog.data.models[0]!.trims[0]!;
      expect((await integration.getTrim(firstTrim.id)).data.id).toBe(firstTrim.id);
      const features = await integration.listFeatures({ modelId: mrpModelIds[0]! });
      expect(features.data.length).toBeGreaterThan(0);
      expect(port.calls.count).toBe(53);
    });
    expect(mock.stats().totalRequests).toBe(0);
    expect(mock.stats().tokensIssued).toBe(0);
  });

  test('a port answering with a value, a promise or a thenable serves the same; a throw or a rejection is MRP_UNAVAILABLE, no item MRP_DATA_MISSING', async () => {
    const id = mrpModelIds[0]!;
    await withHarness({ mode: 'disabled' }, async ({ integration, port }) => {
      const expected = (await integration.getModelConfig(id)).data;
      const cases: [string, () => unknown, string | undefined][] = [
        ['value', () => port.getModelConfig(id), undefined],
        ['promise', () => Promise.resolve(port.getModelConfig(id)), undefined],
        [
          'thenable',
          () => ({ then: (ok: (v: unknown) => void) => ok(port.getModelConfig(id)) }),
          undefined,
        ],
        [
          'throw',
          () => {
            throw new Error('db down');
          },
          'MRP_UNAVAILABLE',
        ],
        ['rejection', () => Promise.reject(new Error('db down')), 'MRP_UNAVAILABLE'],
        ['no item', () => undefined, 'MRP_DATA_MISSING'],
        ['promise of no item', () => Promise.resolve(undefined), 'MRP_DATA_MISSING'],
      ];
      for (const [name, answer, code] of cases) {
        const getModelConfig = answer as typeof port.getModelConfig;
        const h = await startHarness(
          { mode: 'disabled' },
          { mrp: { ...port, getModelConfig } },
          mock,
        );
        try {
          const read = h.integration.getModelConfig(id);
          if (code === undefined) {
            const { data, provenance } = await read;
            expect(data, name).toEqual(expected);
            expect(provenance.dataSource, name).toBe('mrp');
            expect(h.integration.stats().mrpServed, name).toBe(1);
          } else {
            await expect(read, name).rejects.toMatchObject({ code, modelId: id });
            expect(h.integration.stats().mrpServed, name).toBe(0);
          }
        } finally {
          await h.close();
        }
      }
    });
  });

  test('works without any connection settings', async () => {
    await withHarness(
      { mode: 'disabled', baseUrl: undefined, clientId: undefined, clientSecret: undefined },
      async ({ integration }) => {
        expect((await integration.getModelConfig('M-1001')).provenance.dataSource).toBe('mrp');
        expect(() => integration.setMode('enabled', { by: 'ops', reason: 'try' })).toThrow(
          expect.objectContaining({ code: 'CONFIG_INVALID' }),
        );
      },
    );
  });
});

describe('shadow', () => {
  test('returns exactly what disabled returns; the hook gets the MRP result and a PLM reader, off the request path', async () => {
    const disabled: unknown[] = [];
    await withHarness({ mode: 'disabled' }, async ({ integration }) => {
      for (const id of mrpModelIds.slice(0, 5)) {
        disabled.push((await integration.getModelConfig(id)).data);
      }
    });
    const reads: ShadowRead[] = [];
    let resolvedBeforeHook = 0;
    let returned = false;
    let hookRan!: () => void;
    const allHooks = new Promise<void>((resolve) => (hookRan = resolve));
    await withHarness(
      { mode: 'shadow', shadowSampleRate: 1 },
      async ({ integration }) => {
        for (const [i, id] of mrpModelIds.slice(0, 5).entries()) {
          returned = false;
          const result = await integration.getModelConfig(id);
          returned = true;
          expect(result.data).toEqual(disabled[i]);
          expect(result.provenance).toMatchObject({ dataSource: 'mrp', mode: 'shadow' });
        }
        await allHooks;
        expect(resolvedBeforeHook).toBe(5);
        const plm = await (reads[0] as Extract<ShadowRead, { resource: 'modelConfig' }>).readPlm();
        expect(plm.provenance.dataSource).toBe('plm');
        expect(plm.data.id).toBe(mrpModelIds[0]);
        expect(integration.stats().shadowReads).toBe(5);
      },
      {
        onShadowRead: (read) => {
          if (returned) resolvedBeforeHook++;
          reads.push(read);
          expect(read.mrp.provenance.dataSource).toBe('mrp');
          if (reads.length === 5) hookRan();
        },
      },
    );
  });

  test('without a hook, or outside the sample, shadow makes no PLM request', async () => {
    await withHarness({ mode: 'shadow' }, async ({ integration }) => {
      for (const id of mrpModelIds) await integration.getModelConfig(id);
    });
    let calls = 0;
    await withHarness(
      { mode: 'shadow', shadowSampleRate: 0 },
      async ({ integration }) => {
        for (const id of mrpModelIds) await integration.getModelConfig(id);
        await new Promise((resolve) => setImmediate(resolve));
      },
      { onShadowRead: () => void calls++ },
    );
    expect(calls).toBe(0);
    expect(mock.stats().totalRequests).toBe(0);
  });
});

describe('enabled', () => {
  test('serves all 50 models from PLM in MRP ids, learning ids only externalIds know', async () => {
    await withHarness({}, async ({ integration, audit }) => {
      let plm = 0;
      for (const id of mrpModelIds) {
        const { data, provenance } = await integration.getModelConfig(id);
        expect(data.id).toBe(id);
        if (provenance.dataSource === 'plm') {
          plm++;
          expect(provenance.cache).toBe('miss');
          expect(provenance.plmSchemaVersion).toMatch(/^1\./);
          expect(provenance.plmRevision).toMatch(/^[A-Z]+$/);
          expect(provenance.plmCorrelationId).toBeTruthy();
          expect(provenance.plmPayloadSha256).toBe(sha256Of(provenance.plmPayload));
          expect((provenance.plmPayload as { id: string }).id).toMatch(/^MDL-/);
          expect(data.plmId).toBe((provenance.plmPayload as { id: string }).id);
        }
      }
      expect(plm).toBe(50);
      expect(audit).toEqual([]);
      const again = await integration.getModelConfig('M-1001');
      expect(again.provenance.cache).toBe('hit');
      expect(mock.stats().requests['getModelConfig']?.['200']).toBe(50);
    });
  });

  test('the allowlist: listed models from PLM, others from MRP as in disabled', async () => {
    await withHarness({ enabledForModels: ['M-1001'] }, async ({ integration }) => {
      expect((await integration.getModelConfig('M-1001')).provenance.dataSource).toBe('plm');
      const other = await integration.getModelConfig('M-1002');
      expect(other.provenance).toMatchObject({ dataSource: 'mrp', fallbackReason: undefined });
      const features = await integration.listFeatures({ modelId: 'M-1002' });
      expect(features.provenance.dataSource).toBe('mrp');
      expect((await integration.getCatalog()).provenance.dataSource).toBe('mrp');
    });
    expect(mock.stats().requests['getModelConfig']).toEqual({ '200': 1 });
    expect(mock.stats().requests['listFeatures']).toBeUndefined();
  });

  test('trims, features and the catalog read from PLM in MRP ids', async () => {
    await withHarness({}, async ({ integration, audit }) => {
      const catalog = await integration.getCatalog();
      expect(audit).toEqual([]);
      expect(catalog.provenance.dataSource).toBe('plm');
      expect(catalog.data.models.map((m) => m.id)).toEqual(
        expect.arrayContaining(['M-1001', 'M-1004']),
      );
      const trim = await integration.getTrim('T-1001-1');
      expect(trim.provenance.dataSource).toBe('plm');
      expect(trim.data.id).toBe('T-1001-1');
      const features = await integration.listFeatures({ modelId: 'M-1001', trimId: 'T-1001-1' });
      expect(features.provenance.dataSource).toBe('plm');
      expect(features.data.length).toBeGreaterThan(0);
      for (const f of features.data) expect(f.id).toMatch(/^F-/);
    });
  });

  test('the traceparent trace id is the PLM correlation id', async () => {
    await withHarness({}, async ({ integration }) => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const { provenance } = await integration.getModelConfig('M-1001', {
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        caller: { userId: 'u-1', role: 'planner' },
      });
      expect(provenance.plmCorrelationId).toBe(traceId);
    });
  });
});

describe('setMode', () => {
  test('rolls forward and back at run time, audited', async () => {
    await withHarness({ mode: 'disabled' }, async ({ integration, audit, logs }) => {
      await integration.getModelConfig('M-1001');
      expect(mock.stats().totalRequests).toBe(0);
      integration.setMode('enabled', { models: ['M-1001'], by: 'ops@example', reason: 'pilot' });
      expect(integration.mode).toBe('enabled');
      expect(integration.enabledForModels).toEqual(['M-1001']);
      expect((await integration.getModelConfig('M-1001')).provenance.dataSource).toBe('plm');
      integration.setMode('disabled', { by: 'ops@example', reason: 'rollback' });
      const before = mock.stats().totalRequests;
      expect((await integration.getModelConfig('M-1001')).provenance.dataSource).toBe('mrp');
      expect(mock.stats().totalRequests).toBe(before);
      const changes = audit.filter((e) => e.type === 'mode.changed');
      expect(changes).toEqual([
        expect.objectContaining({
          from: 'disabled',
          to: 'enabled',
          models: ['M-1001'],
          previousModels: [],
          by: 'ops@example',
          reason: 'pilot',
        }),
        expect.objectContaining({ from: 'enabled', to: 'disabled', reason: 'rollback' }),
      ]);
      expect(
        logs.filter((l) => (l.object as { event?: string }).event === 'mode.changed'),
      ).toHaveLength(2);
    });
  });
});
