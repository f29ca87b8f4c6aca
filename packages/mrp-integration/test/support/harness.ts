import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createTestClock, type TestClock } from '@mrp-plm/resilience';
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import {
  createPlmIntegration,
  definePlmConfig,
  type AuditEvent,
  type PlmConfigInput,
  type PlmIntegration,
  type PlmIntegrationOptions,
  type PlmLogger,
} from '../../src/index.js';
import { idsOf, mrpPortOf, type CountingPort } from './mrpPort.js';

export interface Harness {
  readonly mock: PlmMock;
  readonly clock: TestClock;
  readonly port: CountingPort;
  readonly integration: PlmIntegration;
  readonly audit: AuditEvent[];
  readonly logs: { level: string; object: object; message: string | undefined }[];
  close(): Promise<void>;
}

/** A logger that keeps every line. */
export function capturingLogger(logs: Harness['logs']): PlmLogger {
  const at =
    (level: string) =>
    (object: object, message?: string): void => {
      logs.push({ level, object, message });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Starts the default mock (seed 1, 50 models) and an integration over it. */
export async function startHarness(
  config: PlmConfigInput = {},
  extra: Partial<PlmIntegrationOptions> = {},
  existingMock?: PlmMock,
): Promise<Harness> {
  const mock = existingMock ?? (await startPlmMock({ seed: 1, models: 50 }));
  const clock = createTestClock();
  const port = mrpPortOf(mock.fixtures);
  const audit: AuditEvent[] = [];
  const logs: Harness['logs'] = [];
  const integration = createPlmIntegration({
    config: definePlmConfig({
      mode: 'enabled',
      baseUrl: mock.url,
      clientId: 'mrp-app',
      clientSecret: 'mrp-secret',
      retryMaxAttempts: 1,
      ...config,
    }),
    mrp: port,
    ids: idsOf(mock.fixtures),
    clock,
    logger: capturingLogger(logs),
    ...extra,
  });
  integration.subscribe((event) => audit.push(event));
  return {
    mock,
    clock,
    port,
    integration,
    audit,
    logs,
    async close() {
      await integration.close();
      if (existingMock === undefined) await mock.close();
    },
  };
}

/** Advances the test clock in steps until `promise` settles (for retries and timeouts). */
export async function drive<T>(clock: TestClock, promise: Promise<T>, stepMs = 100): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 10_000 && !done; i++) {
    await clock.settle();
    await new Promise((resolve) => setImmediate(resolve));
    if (!done) await clock.advance(stepMs);
  }
  return promise;
}

/** Waits (without moving time) until the clock has a pending timer, i.e. an attempt started. */
export async function untilTimerArmed(clock: TestClock, atLeast = 1): Promise<void> {
  for (let i = 0; i < 10_000 && clock.pendingTimers < atLeast; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export const MODEL_IDS = Array.from({ length: 50 }, (_, i) => `M-${1001 + i}`);

/**
 * One default mock (seed 1, 50 models) for a test file: started before its tests, reset (faults
 * and state) before each, closed after. Returns the getter.
 */
export function useSharedMock(): () => PlmMock {
  let mock: PlmMock | undefined;
  beforeAll(async () => {
    mock = await startPlmMock({ seed: 1, models: 50 });
  });
  afterAll(async () => {
    await mock?.close();
  });
  beforeEach(() => {
    mock?.reset();
  });
  return () => mock!;
}
