import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  buildWorkOrderSnapshot,
  PlmIntegrationError,
  replaySnapshot,
  verifySnapshot,
  workOrderSnapshotJsonSchema,
  type WorkOrderSnapshot,
} from '../src/index.js';
import { startHarness, type Harness } from './support/harness.js';

let mock: PlmMock;
let enabled: Harness;
let disabled: Harness;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 50 });
  enabled = await startHarness({}, {}, mock);
  disabled = await startHarness({ mode: 'disabled' }, {}, mock);
});
afterAll(async () => {
  await enabled.close();
  await disabled.close();
  await mock.close();
});

const capturedAt = new Date('2026-03-02T10:00:00Z');

test('a PLM-sourced snapshot is frozen, JSON-exact and replays to the stored DTO', async () => {
  for (const id of ['M-1001', 'M-1004', 'M-1007']) {
    const resolved = await enabled.integration.getModelConfig(id);
    expect(resolved.provenance.dataSource).toBe('plm');
    const snapshot = buildWorkOrderSnapshot({
      workOrder: { id: `WO-${id}` },
      resolved,
      capturedAt,
    });
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(snapshot.mrp.trims)).toBe(true);
    expect(snapshot).toMatchObject({
      dataSource: 'plm',
      modelId: id,
      plmCorrelationId: resolved.provenance.plmCorrelationId,
      plmSchemaVersion: resolved.provenance.plmSchemaVersion,
      plmRevision: resolved.provenance.plmRevision,
      payloadSha256: resolved.provenance.plmPayloadSha256,
      capturedAt: '2026-03-02T10:00:00.000Z',
    });
    const roundTrip = JSON.parse(JSON.stringify(snapshot)) as WorkOrderSnapshot;
    expect(roundTrip).toEqual(snapshot);
    expect(verifySnapshot(roundTrip)).toEqual({ valid: true, problems: [] });
    const replay = replaySnapshot(roundTrip);
    expect(replay.error).toBeUndefined();
    expect(replay.equal).toBe(true);
    expect(replay.derived).toEqual(resolved.data);
  }
});

test('an MRP-sourced snapshot stores the MRP DTO as its payload', async () => {
  const resolved = await disabled.integration.getModelConfig('M-1002');
  const snapshot = buildWorkOrderSnapshot({ workOrder: { id: 'WO-2' }, resolved, capturedAt });
  expect(snapshot).toMatchObject({ dataSource: 'mrp', plmCorrelationId: null, plmRevision: null });
  expect(snapshot.payload).toEqual(resolved.data);
  expect(verifySnapshot(snapshot).valid).toBe(true);
  expect(replaySnapshot(snapshot).equal).toBe(true);
});

test('tampering is detected: payload, DTO, metadata; HMAC digests need the key', async () => {
  const resolved = await enabled.integration.getModelConfig('M-1001');
  const snapshot = buildWorkOrderSnapshot({ workOrder: { id: 'WO-3' }, resolved, capturedAt });
  const copy = () => JSON.parse(JSON.stringify(snapshot)) as Record<string, unknown>;

  const payload = copy();
  (payload['payload'] as { name: string }).name = 'Tampered';
  expect(verifySnapshot(payload).problems).toContain('payloadSha256 does not match payload');

  const dto = copy();
  (dto['mrp'] as { name: string }).name = 'Tampered';
  expect(verifySnapshot(dto).problems).toEqual(['digest does not match the snapshot']);
  // The stored DTO no longer follows from the payload either.
  expect(replaySnapshot(dto as WorkOrderSnapshot).equal).toBe(false);

  const source = copy();
  source['dataSource'] = 'mrp';
  expect(verifySnapshot(source).valid).toBe(false);
  expect(verifySnapshot({ ...copy(), digest: 'nope' }).valid).toBe(false);
  expect(verifySnapshot('not a snapshot').valid).toBe(false);

  const signed = buildWorkOrderSnapshot({
    workOrder: { id: 'WO-4' },
    resolved,
    capturedAt,
    signingKey: 'k1',
  });
  expect(signed.digestAlgorithm).toBe('hmac-sha256');
  expect(verifySnapshot(signed, { signingKey: 'k1' }).valid).toBe(true);
  expect(verifySnapshot(signed, { signingKey: 'k2' }).valid).toBe(false);
  expect(verifySnapshot(signed).valid).toBe(false);
});

test('the data source is fixed at creation', async () => {
  const resolved = await enabled.integration.getModelConfig('M-1001');
  expect(() =>
    buildWorkOrderSnapshot({ workOrder: { id: 'WO-5', dataSource: 'mrp' }, resolved }),
  ).toThrow(PlmIntegrationError);
});

test('the JSON Schema describes every field', () => {
  expect(workOrderSnapshotJsonSchema['$schema']).toBe(
    'https://json-schema.org/draft/2020-12/schema',
  );
  const required = workOrderSnapshotJsonSchema['required'] as string[];
  expect([...required].sort()).toEqual(
    [
      'schema',
      'workOrderId',
      'modelId',
      'dataSource',
      'plmCorrelationId',
      'plmSchemaVersion',
      'plmRevision',
      'payload',
      'payloadSha256',
      'mrp',
      'capturedAt',
      'digestAlgorithm',
      'digest',
    ].sort(),
  );
});
