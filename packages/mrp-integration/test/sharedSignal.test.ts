import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MODEL_IDS, startHarness, type Harness } from './support/harness.js';

/**
 * Node warns (`MaxListenersExceededWarning`) when more than ten listeners wait on one
 * AbortSignal. A host passes its request's signal to every read of that request, and a catalog
 * read learns many models under the caller's signal: neither may pile listeners on it.
 */
let mock: PlmMock;
let h: Harness;
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 50 });
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await h?.close();
  await mock.close();
});

test('fifty concurrent reads and a learning catalog read under one caller signal: no listener warning', async () => {
  h = await startHarness({}, {}, mock);
  const request = new AbortController();
  const reads = await Promise.all(
    MODEL_IDS.map((id) => h.integration.getModelConfig(id, { signal: request.signal })),
  );
  // Served (from PLM, or from MRP should the SDK's own safety-net timeout fire on a busy machine).
  expect(reads.map((r) => r.data.id)).toEqual(MODEL_IDS);
  const catalog = await h.integration.getCatalog({ signal: request.signal });
  expect(catalog.data.models.length).toBeGreaterThan(0);
  await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
});
