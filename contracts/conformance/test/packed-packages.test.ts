import { startPlmMock } from '@mrp-plm/plm-mock';
import type { PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackedConsumerEntry, PackedConsumers } from './support/packedConsumer.js';
import { preparePackedConsumers } from './support/packedConsumer.js';

/**
 * Every published package as a user gets it: `npm pack`, installed from the tarballs into fresh ESM
 * and CommonJS projects, bundled by esbuild, type-checked with `skipLibCheck: false` under
 * `nodenext` and `bundler`, and run against plm-mock (default fixtures: seed 1, 50 models).
 * One entry per package; each program exits non-zero when anything it checks is wrong, and prints
 * what it saw on one line, which the test compares.
 *
 * better-sqlite3 and pg are not installed in the consumers: they are optional peers of metrics, and
 * a user's build and the stores that do not need them must work without them.
 */

/** A program over some modules, written once and emitted as ESM and as CommonJS. */
interface Program {
  /** Module specifier -> the value and type names the body uses from it. */
  readonly imports: Readonly<
    Record<string, { readonly values?: readonly string[]; readonly types?: readonly string[] }>
  >;
  /** The body of an `async` function returning the line to print; `base` is the mock's URL. */
  readonly body: string;
}

function esmProgram({ imports, body }: Program): string {
  const lines = Object.entries(imports).flatMap(([from, { values = [], types = [] }]) => [
    ...(values.length > 0 ? [`import { ${values.join(', ')} } from '${from}';`] : []),
    ...(types.length > 0 ? [`import type { ${types.join(', ')} } from '${from}';`] : []),
  ]);
  return `${lines.join('\n')}

const base = process.argv[2]!;
async function main(): Promise<string> {
${body}
}
try {
  console.log(\`esm \${await main()}\`);
} catch (error) {
  console.error(error);
  process.exit(1);
}
`;
}

function cjsProgram({ imports, body }: Program): string {
  const lines = Object.entries(imports).flatMap(([from, { values = [], types = [] }], i) => [
    `import m${i} = require('${from}');`,
    ...(values.length > 0 ? [`const { ${values.join(', ')} } = m${i};`] : []),
    ...types.map((type) => `type ${type} = m${i}.${type};`),
  ]);
  return `${lines.join('\n')}

const base = process.argv[2]!;
async function main(): Promise<string> {
${body}
}
main().then(
  (line) => console.log(\`cjs \${line}\`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
`;
}

function entry(
  packageName: string,
  program: Program,
  extra: Pick<PackedConsumerEntry, 'bundleAssets' | 'bundleArgs'> = {},
): PackedConsumerEntry {
  return { packageName, esm: esmProgram(program), cjs: cjsProgram(program), ...extra };
}

/** Client credentials of the mock's default client, as a form body (contract: `POST /oauth/token`). */
const TOKEN_REQUEST = `{
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'mrp-app',
      client_secret: 'mrp-secret',
    }),
  }`;

const SDK_CLIENT = `createPlmClient({
    baseUrl: base,
    auth: { clientId: 'mrp-app', clientSecret: 'mrp-secret' },
  })`;

const ENTRIES: readonly PackedConsumerEntry[] = [
  entry('@mrp-plm/contract', {
    imports: {
      '@mrp-plm/contract': {
        values: ['modelConfigSchema', 'PlmContractError', 'validateWire'],
      },
    },
    body: `  const tokenResponse = await fetch(\`\${base}/oauth/token\`, ${TOKEN_REQUEST});
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  const response = await fetch(\`\${base}/plm/models/MDL-000001/config\`, {
    headers: { authorization: \`Bearer \${access_token}\` },
  });
  const result = validateWire(modelConfigSchema, (await response.json()) as unknown);
  if (!result.success) {
    throw new PlmContractError({
      where: 'payload',
      resource: 'ModelConfig',
      issues: result.error.issues.map((issue) => ({
        path: \`/\${issue.path.join('/')}\`,
        message: issue.message,
        code: issue.code,
      })),
    });
  }
  // Not annotated as ModelConfig: under exactOptionalPropertyTypes the schema's output
  // (externalIds?: … | undefined) is not assignable to the generated type.
  const config = result.data;
  const broken = validateWire(modelConfigSchema, { ...config, trims: 'none' });
  if (broken.success) throw new Error('a model config without trims passed validation');
  return \`\${config.id} \${config.trims.length > 0 ? 'with trims' : 'without trims'}\`;`,
  }),
  entry('@mrp-plm/plm-sdk', {
    imports: {
      '@mrp-plm/plm-sdk': {
        values: ['createPlmClient', 'isPlmError'],
        types: ['ModelConfig', 'PlmClient'],
      },
    },
    body: `  const plm: PlmClient = ${SDK_CLIENT};
  try {
    const { data, meta } = await plm.getModelConfig('MDL-000001');
    const config: ModelConfig = data;
    return \`\${config.id} \${meta.schemaVersion}\`;
  } catch (error) {
    throw isPlmError(error) ? new Error(\`\${error._tag}: \${error.message}\`) : error;
  }`,
  }),
  entry('@mrp-plm/adapter', {
    imports: {
      '@mrp-plm/adapter': {
        values: ['createIdTranslator', 'mapModelConfig'],
        types: ['MrpModelConfig'],
      },
      '@mrp-plm/plm-sdk': { values: ['createPlmClient'] },
    },
    body: `  const plm = ${SDK_CLIENT};
  const { data, meta } = await plm.getModelConfig('MDL-000001');
  // MRP ids: the model's externalIds.mrp, else this table.
  const ids = createIdTranslator({ toMrp: (plmId) => \`MRP:\${plmId}\` });
  const mapped = mapModelConfig(data, { ids, schemaVersion: meta.schemaVersion });
  const model: MrpModelConfig = mapped.data;
  if (model.trims.length === 0) throw new Error('no trims mapped');
  return \`\${model.plmId} -> \${model.id}\`;`,
  }),
  entry('@mrp-plm/resilience', {
    imports: {
      '@mrp-plm/resilience': {
        values: ['CircuitOpenError', 'createCircuitBreaker', 'createPolicy'],
        types: ['AttemptContext'],
      },
    },
    body: `  const policy = createPolicy({
    cache: { ttlMs: 60_000 },
    retry: { maxAttempts: 3, baseDelayMs: 10 },
    timeout: { timeoutMs: 5_000 },
  });
  let loads = 0;
  const load = async ({ signal }: AttemptContext): Promise<{ token_type: string }> => {
    loads++;
    const init: RequestInit = ${TOKEN_REQUEST};
    const response = await fetch(\`\${base}/oauth/token\`, signal ? { ...init, signal } : init);
    if (!response.ok) throw Object.assign(new Error('token'), { status: response.status });
    return (await response.json()) as { token_type: string };
  };
  const first = await policy.get('token', load, { idempotent: true });
  const second = await policy.get('token', load, { idempotent: true });
  const breaker = createCircuitBreaker({ failureThreshold: 1, windowMs: 1_000, openMs: 60_000 });
  const down = Object.assign(new Error('down'), { status: 503 });
  await breaker.execute(() => Promise.reject(down)).catch(() => undefined);
  const rejected = await breaker.execute(() => 'called').catch((error: unknown) => error);
  if (!(rejected instanceof CircuitOpenError)) throw new Error(\`not rejected: \${String(rejected)}\`);
  return \`\${first.value.token_type} \${first.status} \${second.status} loads=\${loads} \${rejected._tag}\`;`,
  }),
  entry('@mrp-plm/metrics', {
    imports: {
      'node:crypto': { values: ['randomUUID'] },
      '@mrp-plm/adapter': { values: ['plmUsageDelivery', 'plmUsageEventSchema'] },
      '@mrp-plm/metrics': {
        values: [
          'createMemoryOutboxStore',
          'createSqliteOutboxStore',
          'createUsageMetrics',
          'MissingPeerDependencyError',
        ],
      },
      '@mrp-plm/plm-sdk': { values: ['createPlmClient'] },
    },
    body: `  const metrics = createUsageMetrics({
    store: createMemoryOutboxStore(),
    validate: plmUsageEventSchema,
    deliver: plmUsageDelivery(${SDK_CLIENT}),
  });
  metrics.start();
  await metrics.record({
    eventId: randomUUID(),
    type: 'work_order.created',
    occurredAt: new Date().toISOString(),
    workOrderId: 'WO-2026-000001',
    modelId: 'MDL-000001',
    quantity: 1,
  });
  const { drained, pending } = await metrics.stop({ drain: true, timeoutMs: 10_000 });
  // better-sqlite3 is not installed here: the SQLite store says which package to install.
  const sqlite = createSqliteOutboxStore({ path: 'usage-outbox.db' });
  const failure = await sqlite.init().then(
    () => undefined,
    (error: unknown) => error,
  );
  const cause = (failure as { cause?: unknown } | undefined)?.cause;
  if (!(cause instanceof MissingPeerDependencyError) || cause.packageName !== 'better-sqlite3') {
    throw new Error(\`expected MissingPeerDependencyError, got \${String(failure)}\`);
  }
  return \`drained=\${drained} pending=\${pending} \${cause._tag}\`;`,
  }),
  entry('@mrp-plm/mrp-integration', {
    imports: {
      '@mrp-plm/adapter': { values: ['createIdTranslator'], types: ['MrpModelConfig'] },
      '@mrp-plm/metrics': { values: ['createMemoryOutboxStore'] },
      '@mrp-plm/mrp-integration': {
        values: ['createPlmIntegration', 'loadPlmConfig'],
        types: ['MrpProductPort'],
      },
    },
    body: `  // A tiny MRP port: the models MRP's own tables hold.
  const tables = new Map<string, MrpModelConfig>();
  const mrp: MrpProductPort = {
    getModelConfig: (id) => tables.get(id),
    listModels: () => [],
    getTrim: () => undefined,
    listFeatures: () => undefined,
  };
  const ids = createIdTranslator({ toMrp: (id) => id, toPlm: (id) => id });
  const enabled = createPlmIntegration({
    config: loadPlmConfig({
      PLM_MODE: 'enabled',
      PLM_BASE_URL: base,
      PLM_CLIENT_ID: 'mrp-app',
      PLM_CLIENT_SECRET: 'mrp-secret',
    }),
    mrp,
    ids,
    usage: { store: createMemoryOutboxStore() },
  });
  const fromPlm = await enabled.getModelConfig('MDL-000001').finally(() => enabled.close());
  tables.set(fromPlm.data.id, fromPlm.data);
  const disabled = createPlmIntegration({
    config: loadPlmConfig({ PLM_MODE: 'disabled' }),
    mrp,
    usage: { store: createMemoryOutboxStore() },
  });
  const fromMrp = await disabled.getModelConfig(fromPlm.data.id).finally(() => disabled.close());
  return [fromPlm, fromMrp]
    .map(({ data, provenance }) => \`\${provenance.mode}:\${provenance.dataSource}:\${data.id}\`)
    .join(' ');`,
  }),
  entry(
    '@mrp-plm/plm-mock',
    {
      imports: { '@mrp-plm/plm-mock': { values: ['startPlmMock'], types: ['PlmMock'] } },
      body: `  void base; // this program runs its own mock
  const mock: PlmMock = await startPlmMock({ port: 0, seed: 1, models: 3 });
  try {
    const tokenResponse = await fetch(\`\${mock.url}/oauth/token\`, ${TOKEN_REQUEST});
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const response = await fetch(\`\${mock.url}/plm/models/MDL-000003/config\`, {
      headers: { authorization: \`Bearer \${access_token}\` },
    });
    const { id } = (await response.json()) as { id: string };
    return \`\${response.status} \${id} \${response.headers.get('plm-schema-version')} models=\${mock.fixtures.models.length}\`;
  } finally {
    await mock.close();
  }`,
    },
    // The mock reads the contract it serves at run time; a bundle carries it beside itself.
    // yaml is CommonJS and requires Node built-ins: an ESM bundle needs a `require`.
    {
      bundleAssets: ['@mrp-plm/plm-mock/dist/plm.v1.yaml'],
      bundleArgs: [
        "--banner:js=import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      ],
    },
  ),
];

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

/** The line each program prints, without its `esm`/`cjs` prefix; the bundle is ESM. */
const EXPECTED: Readonly<Record<string, RegExp>> = {
  '@mrp-plm/contract': /^MDL-000001 with trims$/,
  '@mrp-plm/plm-sdk': /^MDL-000001 \d+\.\d+\.\d+$/,
  '@mrp-plm/adapter': /^MDL-000001 -> \S+$/,
  '@mrp-plm/resilience': /^Bearer miss hit loads=1 CircuitOpenError$/i,
  '@mrp-plm/metrics': /^drained=true pending=0 MissingPeerDependencyError$/,
  '@mrp-plm/mrp-integration': /^enabled:plm:(\S+) disabled:mrp:\1$/,
  '@mrp-plm/plm-mock': /^200 MDL-000003 \d+\.\d+\.\d+ models=3$/,
};

describe('packages as published', () => {
  it('type-check in ESM (nodenext, bundler) and CommonJS (nodenext) consumers with skipLibCheck off', async () => {
    await consumers.typecheck();
    // Two tsc runs over every package's declarations (skipLibCheck off): about 60 s on an idle
    // 2-core machine, more than 120 s when it is shared; the bound is for a hung compiler.
  }, 300_000);

  it.each(ENTRIES.map((e) => e.packageName))(
    '%s runs from ESM, CommonJS and an esbuild bundle',
    async (packageName) => {
      const runs = await consumers.run(packageName, mock.url);
      const expected = EXPECTED[packageName]!;
      expect(runs.esm.trim().replace(/^esm /, '')).toMatch(expected);
      expect(runs.cjs.trim().replace(/^cjs /, '')).toMatch(expected);
      expect(runs.bundled.trim().replace(/^esm /, '')).toMatch(expected);
      expect(runs.esm.trim()).toMatch(/^esm /);
      expect(runs.cjs.trim()).toMatch(/^cjs /);
      expect(runs.bundled.trim()).toMatch(/^esm /);
    },
    60_000,
  );

  it('the usage events of the metrics programs reached PLM', () => {
    // One event per way the metrics program ran (ESM, CommonJS, bundle), each accepted once.
    expect(mock.stats().requests['submitUsageMetrics']?.['202']).toBe(3);
  });
});
