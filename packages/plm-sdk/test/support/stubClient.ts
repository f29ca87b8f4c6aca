import { expect } from 'vitest';
import { createPlmClient } from '../../src/createPlmClient.js';
import type { PlmClientOptions } from '../../src/PlmClient.js';
import { createTestClock } from '@mrp-plm/resilience';
import { StubPlm } from './StubPlm.js';

/** Base URL of the stubbed PLM. */
export const BASE = 'http://plm.test';
/** The client secret the stubbed client uses; tests assert it never leaks. */
export const SECRET = 'super-secret-value-123';

/** A client wired to a {@link StubPlm} and resilience's test clock, with optional overrides. */
export function setup(overrides: Partial<PlmClientOptions> = {}) {
  const stub = new StubPlm();
  const clock = createTestClock();
  const plm = createPlmClient({
    baseUrl: BASE,
    auth: { clientId: 'mrp-app', clientSecret: SECRET },
    timeoutMs: 1000,
    fetch: stub.fetch,
    clock,
    ...overrides,
  });
  return { stub, clock, plm };
}

/** Lets I/O and promise callbacks run until `condition` holds: no fixed real-time wait. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(condition()).toBe(true);
}

/** The rejection reason of `promise`; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
