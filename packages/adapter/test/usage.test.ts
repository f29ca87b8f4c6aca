import { usageMetricsBatchSchema } from '@mrp-plm/contract';
import { describe, expect, it } from 'vitest';
import type { IdTranslationError } from '../src/index.js';
import {
  createIdTranslator,
  InvalidUsageRecordError,
  mapModelConfig,
  mapUsageEvents,
  type MrpUsageRecord,
} from '../src/index.js';
import { AS_OF, ATLAS_TABLE, atlas } from './support/atlas.js';

const record = (over: Partial<MrpUsageRecord> = {}): MrpUsageRecord => ({
  eventId: '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31',
  type: 'work_order.created',
  occurredAt: new Date('2026-03-02T11:15:00+01:00'),
  workOrderId: 'WO-2026-004512',
  modelId: 'MRP-M-4711',
  trimId: 'MRP-T-0815',
  featureIds: ['MRP-F-0045', 'MRP-F-0046'],
  quantity: 3,
  plant: 'DE-STR1',
  attributes: { source: 'mrp-host' },
  ...over,
});

function learnedIds() {
  const ids = createIdTranslator({ toMrp: ATLAS_TABLE });
  mapModelConfig(atlas(), { ids, asOf: AS_OF });
  return ids;
}

describe('mapUsageEvents', () => {
  it('turns MRP records into the PLM usage-metrics payload with PLM ids', () => {
    const body = mapUsageEvents(
      [
        record(),
        record({
          eventId: '9a7e2b10-4c3d-4f5e-8a6b-1c2d3e4f5a6b',
          occurredAt: '2026-03-02T16:40:12Z',
          trimId: 'MRP-T-0001',
          featureIds: undefined,
          plant: undefined,
          attributes: undefined,
          type: 'work_order.completed',
          quantity: 1,
        }),
      ],
      { ids: learnedIds() },
    );
    expect(body).toEqual({
      events: [
        {
          eventId: '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31',
          type: 'work_order.created',
          occurredAt: '2026-03-02T10:15:00.000Z',
          workOrderId: 'WO-2026-004512',
          modelId: 'MDL-000123',
          trimId: 'TRM-000123-02',
          featureIds: ['FTR-000045', 'FTR-000046'],
          quantity: 3,
          plant: 'DE-STR1',
          attributes: { source: 'mrp-host' },
        },
        {
          eventId: '9a7e2b10-4c3d-4f5e-8a6b-1c2d3e4f5a6b',
          type: 'work_order.completed',
          occurredAt: '2026-03-02T16:40:12.000Z',
          workOrderId: 'WO-2026-004512',
          modelId: 'MDL-000123',
          trimId: 'TRM-000123-01',
          quantity: 1,
        },
      ],
    });
    expect(usageMetricsBatchSchema.safeParse(JSON.parse(JSON.stringify(body))).success).toBe(true);
  });

  it('names an MRP id with no known PLM id', () => {
    expect(() =>
      mapUsageEvents([record({ modelId: 'MRP-M-0000' })], { ids: learnedIds() }),
    ).toThrow(
      expect.objectContaining({
        _tag: 'IdTranslationError',
        id: 'MRP-M-0000',
        direction: 'mrp-to-plm',
      }) as IdTranslationError,
    );
  });

  it('lists every malformed record', () => {
    try {
      mapUsageEvents(
        [
          record({ quantity: 0 }),
          record(),
          record({ eventId: 'not-a-uuid', occurredAt: 'yesterday' }),
        ],
        { ids: learnedIds() },
      );
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidUsageRecordError);
      expect((e as InvalidUsageRecordError).issues.map((i) => [i.index, i.path])).toEqual([
        [0, '/quantity'],
        [2, '/eventId'],
        [2, '/occurredAt'],
      ]);
    }
  });

  it('holds 1 to 500 events, as the contract does', () => {
    const ids = learnedIds();
    expect(() => mapUsageEvents([], { ids })).toThrow(InvalidUsageRecordError);
    expect(() =>
      mapUsageEvents(
        Array.from({ length: 501 }, () => record()),
        { ids },
      ),
    ).toThrow(/1 to 500/);
    expect(
      mapUsageEvents(
        Array.from({ length: 500 }, () => record()),
        { ids },
      ).events,
    ).toHaveLength(500);
  });

  it('catches a translation table that yields ids the contract refuses', () => {
    const ids = createIdTranslator({ toPlm: () => 'not a plm id' });
    try {
      mapUsageEvents([record({ trimId: undefined, featureIds: undefined })], { ids });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidUsageRecordError);
      expect((e as InvalidUsageRecordError).issues).toEqual([
        expect.objectContaining({ index: 0, path: '/modelId' }),
      ]);
    }
  });
});

describe('usage record timestamps (RFC 3339)', () => {
  const ids = createIdTranslator({ toPlm: new Map([['M-1', 'MDL-000001']]) });
  const record = (occurredAt: string | Date) => ({
    eventId: '3f0c9a4e-6b1d-4e8a-9c2f-7d5b1a0e4c31',
    type: 'work_order.created' as const,
    occurredAt,
    workOrderId: 'WO-1',
    modelId: 'M-1',
    quantity: 1,
  });

  it.each([
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'],
    ['2026-03-02T10:15:00.123456+01:00', '2026-03-02T09:15:00.123Z'],
  ])('%s is accepted as %s', (input, expected) => {
    expect(mapUsageEvents([record(input)], { ids }).events[0]?.occurredAt).toBe(expected);
  });

  it.each(['2016-12-30T23:59:60Z', '2026-02-30T10:15:00Z', '2026-03-02T10:15:00'])(
    '%s is rejected with an issue at /occurredAt',
    (input) => {
      expect(() => mapUsageEvents([record(input)], { ids })).toThrow(
        expect.objectContaining({
          _tag: 'InvalidUsageRecordError',
          issues: [expect.objectContaining({ index: 0, path: '/occurredAt' })],
        }) as Error,
      );
    },
  );
});
