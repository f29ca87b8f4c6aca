import * as adapter from '@mrp-plm/adapter';
import * as metrics from '@mrp-plm/metrics';
import * as sdk from '@mrp-plm/plm-sdk';
import * as resilience from '@mrp-plm/resilience';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  createPlmIntegration,
  definePlmConfig,
  PlmConfigError,
  PlmIntegrationError,
  toPlmIntegrationError,
} from '../src/index.js';

type Factory = (text: string, n: number) => Error;

const op = 'getModelConfig' as const;

/** One way to build each error class the lower packages export, from arbitrary text and numbers. */
const factories: Record<string, Factory> = {
  'plm-sdk.PlmAbortError': (t) => new sdk.PlmAbortError({ operation: op, correlationId: t }),
  'plm-sdk.PlmClientOptionsError': (t) => new sdk.PlmClientOptionsError([t]),
  'plm-sdk.PlmAuthError': (t, n) =>
    new sdk.PlmAuthError({
      operation: op,
      reason: n % 2 ? 'token_rejected' : 'token_request_failed',
      correlationId: t,
      retryable: n % 3 === 0,
      message: `token endpoint http://plm.internal/oauth/token said ${t}`,
    }),
  'plm-sdk.PlmContractError': (t, n) =>
    new sdk.PlmContractError({
      operation: op,
      where: 'response',
      correlationId: t,
      status: 200,
      schemaVersion: '1.0.0',
      issues: [{ path: `/trims/${n}`, message: t }],
    }),
  'plm-sdk.PlmHttpError': (t, n) => {
    const status = 400 + (n % 200);
    return new sdk.PlmHttpError({
      operation: op,
      status,
      problem: undefined,
      retryAfterMs: n,
      correlationId: t,
      schemaVersion: '1.0.0',
      message: `HTTP ${status} from http://plm.internal/plm: ${t}`,
    });
  },
  'plm-sdk.PlmNetworkError': (t) =>
    new sdk.PlmNetworkError({ operation: op, correlationId: t, message: `ECONNRESET ${t}` }),
  'plm-sdk.PlmTimeoutError': (t, n) =>
    new sdk.PlmTimeoutError({ operation: op, correlationId: t, timeoutMs: n, message: t }),
  'adapter.ContradictoryFeatureRulesError': (t) =>
    new adapter.ContradictoryFeatureRulesError({
      modelId: t,
      conflicts: [{ kind: 'unsatisfiable', featureId: t, otherFeatureIds: [t] }],
    }),
  'adapter.IdTranslationError': (t) =>
    new adapter.IdTranslationError({ id: t, kind: 'model', direction: 'mrp-to-plm' }),
  'adapter.InvalidSelectionError': (t) =>
    new adapter.InvalidSelectionError({
      problems: [{ kind: 'unknown-feature', id: t, otherIds: [] }],
    }),
  'adapter.InvalidUsageRecordError': (t, n) =>
    new adapter.InvalidUsageRecordError({ issues: [{ index: n, path: t, message: t }] }),
  'adapter.PlmContractError': (t) =>
    new adapter.PlmContractError({
      where: 'payload',
      resource: 'ModelConfig',
      issues: [{ path: t, code: 'invalid_type', message: t }],
      schemaVersion: undefined,
    }),
  'adapter.RevisionNotEffectiveError': (t, n) =>
    new adapter.RevisionNotEffectiveError({
      id: t,
      revision: 'A',
      lifecycleState: 'in_work',
      asOf: new Date(n),
    }),
  'adapter.UnsupportedSchemaVersionError': (t) =>
    new adapter.UnsupportedSchemaVersionError({ schemaVersion: t, supportedVersion: '1.0.0' }),
  'resilience.AbortedError': () => new resilience.AbortedError(),
  'resilience.CircuitOpenError': (_t, n) => new resilience.CircuitOpenError(n, n % 2 === 0),
  'resilience.LimiterQueueFullError': (_t, n) => new resilience.LimiterQueueFullError(n),
  'resilience.UnreadableCacheEntryError': (t) => new resilience.UnreadableCacheEntryError(t),
  'resilience.ResilienceTimeoutError': (_t, n) =>
    new resilience.ResilienceTimeoutError(n % 2 ? 'attempt' : 'deadline', n),
  'metrics.AsyncValidatorError': (t) => new metrics.AsyncValidatorError(t),
  'metrics.MissingPeerDependencyError': (t) => new metrics.MissingPeerDependencyError(t, t),
  'adapter.InvalidMrpTablesError': (t) =>
    new adapter.InvalidMrpTablesError({
      modelId: t,
      issues: [{ path: `/features/${t}`, code: 'unknown_trim', message: t }],
    }),
  'plm-sdk.PlmSignatureInvalidError': (t) => new sdk.PlmSignatureInvalidError('mismatch', t),
  'plm-sdk.PlmSignatureExpiredError': (_t, n) => new sdk.PlmSignatureExpiredError(n, n * 2, n),
  'metrics.BacklogFullError': (_t, n) => new metrics.BacklogFullError(n, n),
  'metrics.DeliveryAbortedError': () => new metrics.DeliveryAbortedError(),
  'metrics.DeliveryTimeoutError': (_t, n) => new metrics.DeliveryTimeoutError(n),
  'metrics.InvalidUsageEventError': (t) =>
    new metrics.InvalidUsageEventError([{ path: t, message: t }]),
  'metrics.MalformedDeliveryResponseError': (t) => new metrics.MalformedDeliveryResponseError(t),
  'metrics.OutboxStoreError': (t) =>
    new metrics.OutboxStoreError('append', { cause: new Error(t) }),
  'metrics.StoreClosedError': (t) => new metrics.StoreClosedError(t),
  'metrics.TransactionNotSupportedError': (t) =>
    new metrics.TransactionNotSupportedError('memory', t),
};

function exportedErrorClasses(): string[] {
  const modules = { 'plm-sdk': sdk, adapter, resilience, metrics } as const;
  const names: string[] = [];
  for (const [pkg, mod] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(mod) as [string, unknown][]) {
      if (
        typeof value === 'function' &&
        (value as { prototype: unknown }).prototype instanceof Error
      ) {
        names.push(`${pkg}.${name}`);
      }
    }
  }
  return names.sort();
}

describe('toPlmIntegrationError', () => {
  test('every error class a lower package exports has a factory here', () => {
    expect(Object.keys(factories).sort()).toEqual(exportedErrorClasses());
  });

  test('maps every lower-package error to a coded, user-readable PlmIntegrationError', () => {
    const names = Object.keys(factories);
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.nat(100_000),
        (name, text, n) => {
          const original = factories[name]!(text, n);
          const mapped = toPlmIntegrationError(original, { now: 0 });
          expect(mapped).toBeInstanceOf(PlmIntegrationError);
          expect(mapped._tag).toBe('PlmIntegrationError');
          if (name !== 'resilience.UnreadableCacheEntryError') {
            expect(mapped.code).not.toBe('INTERNAL');
          }
          expect(mapped.cause).toBe(original);
          expect(mapped.userMessage).not.toMatch(/https?:|\bHTTP\b|\b[45]\d\d\b|stack|at /);
          if (text.trim().length > 8) expect(mapped.userMessage).not.toContain(text);
          expect(toPlmIntegrationError(mapped)).toBe(mapped);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('HTTP statuses map to their codes, maintenance with its end time', () => {
    const http = (status: number, code?: string, retryAfterMs?: number) =>
      toPlmIntegrationError(
        new sdk.PlmHttpError({
          operation: op,
          status,
          problem:
            code === undefined
              ? undefined
              : ({ type: 'about:blank', title: 't', status, code } as sdk.Problem),
          retryAfterMs,
          correlationId: 'c-1',
          schemaVersion: undefined,
          message: 'x',
        }),
        { now: Date.parse('2026-01-01T00:00:00Z') },
      );
    expect(http(401).code).toBe('PLM_AUTH_FAILED');
    expect(http(403).code).toBe('PLM_AUTH_FAILED');
    expect(http(404).code).toBe('MODEL_NOT_IN_PLM');
    expect(http(429, 'RATE_LIMITED', 2000)).toMatchObject({
      code: 'PLM_RATE_LIMITED',
      retryAfterMs: 2000,
    });
    expect(http(500).code).toBe('PLM_UNAVAILABLE');
    expect(http(400).code).toBe('PLM_REQUEST_REJECTED');
    const maintenance = http(503, 'MAINTENANCE', 3_600_000);
    expect(maintenance.code).toBe('PLM_MAINTENANCE');
    expect(maintenance.maintenanceEndsAt).toBe('2026-01-01T01:00:00.000Z');
    // People read the end to the minute; the field keeps the exact instant.
    expect(maintenance.userMessage).toBe(
      'PLM is under maintenance until 2026-01-01 01:00 UTC. Try again after that.',
    );
    expect(maintenance.correlationId).toBe('c-1');
  });

  test('zod errors, config errors and unknown values', () => {
    const zodError = z.object({ a: z.string() }).safeParse({}).error!;
    expect(toPlmIntegrationError(zodError).code).toBe('PLM_DATA_INVALID');
    expect(toPlmIntegrationError(new PlmConfigError([])).code).toBe('CONFIG_INVALID');
    expect(toPlmIntegrationError('boom').code).toBe('INTERNAL');
    expect(toPlmIntegrationError(undefined).code).toBe('INTERNAL');
    expect(toPlmIntegrationError(new TypeError('x')).code).toBe('INTERNAL');
  });
});

describe('no lower-package error escapes a read', () => {
  const mrpPort = {
    getModelConfig: () => undefined,
    listModels: () => [],
    getTrim: () => undefined,
    listFeatures: () => undefined,
  };
  const ids = adapter.createIdTranslator({
    toMrp: new Map([
      ['MDL-000001', 'M-1001'],
      ['TRM-000001-01', 'T-1001-1'],
    ]),
  });

  test('every error class thrown by the SDK client, through every read', async () => {
    const names = Object.keys(factories);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.string({ maxLength: 20 }),
        fc.nat(10_000),
        fc.constantFrom('model', 'catalog', 'trim', 'features'),
        fc.boolean(),
        async (name, text, n, read, fallbackEnabled) => {
          const fail = () => Promise.reject(factories[name]!(text, n));
          const client = {
            getCatalog: fail,
            getModelConfig: fail,
            getTrim: fail,
            listFeatures: fail,
            postUsageMetrics: fail,
          } as unknown as sdk.PlmClient;
          const integration = createPlmIntegration({
            config: definePlmConfig({
              mode: 'enabled',
              fallbackEnabled,
              retryMaxAttempts: 1,
              baseUrl: 'http://127.0.0.1:9',
              clientId: 'x',
              clientSecret: 'y',
            }),
            mrp: mrpPort,
            ids,
            client,
          });
          try {
            const run =
              read === 'model'
                ? integration.getModelConfig('M-1001')
                : read === 'catalog'
                  ? integration.getCatalog()
                  : read === 'trim'
                    ? integration.getTrim('T-1001-1')
                    : integration.listFeatures({ modelId: 'M-1001', trimId: 'T-1001-1' });
            const error = await run.then(
              () => undefined,
              (e: unknown) => e,
            );
            if (read === 'catalog' && fallbackEnabled) {
              // The MRP port's (empty) catalog serves.
              expect(error).toBeUndefined();
            } else {
              expect(error).toBeInstanceOf(PlmIntegrationError);
              expect((error as PlmIntegrationError).cause).toBeDefined();
            }
          } finally {
            await integration.close();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
