import { startPlmMock } from '@mrp-plm/plm-mock';
import type { PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackedConsumerEntry, PackedConsumers } from './support/packedConsumer.js';
import { preparePackedConsumers } from './support/packedConsumer.js';

/**
 * Every published package as a user gets it: `npm pack`, installed from the tarball into fresh ESM
 * and CommonJS projects, bundled by esbuild, type-checked with `skipLibCheck: false` under
 * `nodenext` and `bundler`, and run against plm-mock (default fixtures: seed 1, 50 models).
 * One entry per package; each program exits non-zero when anything it checks is wrong.
 */
const sdk: PackedConsumerEntry = {
  packageName: '@mrp-plm/plm-sdk',
  esm: `import { createPlmClient, isPlmError } from '@mrp-plm/plm-sdk';
import type { ModelConfig, PlmClient } from '@mrp-plm/plm-sdk';

const plm: PlmClient = createPlmClient({
  baseUrl: process.argv[2]!,
  auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
});
try {
  const { data, meta }: { data: ModelConfig; meta: { schemaVersion: string } } =
    await plm.getModelConfig('MDL-000001');
  if (data.id !== 'MDL-000001') throw new Error(\`unexpected model \${data.id}\`);
  console.log(\`esm \${data.id} \${meta.schemaVersion}\`);
} catch (error) {
  console.error(isPlmError(error) ? \`\${error._tag}: \${error.message}\` : error);
  process.exit(1);
}
`,
  cjs: `import sdk = require('@mrp-plm/plm-sdk');

const plm: sdk.PlmClient = sdk.createPlmClient({
  baseUrl: process.argv[2]!,
  auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
});
plm.getModelConfig('MDL-000001').then(
  ({ data, meta }) => {
    if (data.id !== 'MDL-000001') throw new Error(\`unexpected model \${data.id}\`);
    console.log(\`cjs \${data.id} \${meta.schemaVersion}\`);
  },
  (error: unknown) => {
    console.error(sdk.isPlmError(error) ? \`\${error._tag}: \${error.message}\` : error);
    process.exit(1);
  },
);
`,
};

const ENTRIES: readonly PackedConsumerEntry[] = [sdk];

let mock: PlmMock;
let consumers: PackedConsumers;

beforeAll(async () => {
  [mock, consumers] = await Promise.all([
    startPlmMock({ port: 0 }),
    preparePackedConsumers(ENTRIES),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all([mock?.close(), consumers?.dispose()]);
});

describe('packages as published', () => {
  it('type-check in ESM (nodenext, bundler) and CommonJS (nodenext) consumers with skipLibCheck off', async () => {
    await consumers.typecheck();
  }, 120_000);

  it('@mrp-plm/plm-sdk makes a call from ESM, CommonJS and an esbuild bundle', async () => {
    const runs = await consumers.run('@mrp-plm/plm-sdk', mock.url);
    expect(runs.esm.trim()).toMatch(/^esm MDL-000001 \d+\.\d+\.\d+$/);
    expect(runs.cjs.trim()).toMatch(/^cjs MDL-000001 \d+\.\d+\.\d+$/);
    expect(runs.bundled.trim()).toMatch(/^esm MDL-000001 \d+\.\d+\.\d+$/);
  }, 60_000);
});
