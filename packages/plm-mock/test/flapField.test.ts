import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlmMock } from '../src/index.js';
import { InvalidFaultError, startPlmMock, validateResponse } from '../src/index.js';
import { call, getToken } from './helpers.js';

let mock: PlmMock;
let token: string;

beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 5 });
});
afterAll(() => mock.close());
beforeEach(async () => {
  mock.reset();
  token = await getToken(mock);
});

describe('flapField fault', () => {
  it('replaces the value at the pointer, leaving the rest and the contract intact', async () => {
    const id = mock.fixtures.models[0]!.id;
    const clean = await call(mock, `/plm/models/${id}/config`, { token });
    mock.faults.set({
      kind: 'flapField',
      route: 'getModelConfig',
      pointer: '/name',
      value: 'Flap',
    });
    const flapped = await call(mock, `/plm/models/${id}/config`, { token });
    expect(flapped.status).toBe(200);
    expect((flapped.body as { name: string }).name).toBe('Flap');
    expect({ ...(flapped.body as object), name: (clean.body as { name: string }).name }).toEqual(
      clean.body,
    );
    expect(validateResponse('getModelConfig', 200, flapped.body, flapped.headers)).toEqual([]);
  });

  it('with a rate, flips between reads reproducibly from the seed', async () => {
    const id = mock.fixtures.models[1]!.id;
    const run = async (): Promise<string[]> => {
      mock.faults.clear();
      mock.faults.set({ kind: 'flapField', pointer: '/trims/0/name', value: 'Other', rate: 0.5 });
      const names: string[] = [];
      for (let i = 0; i < 20; i++) {
        const answer = await call(mock, `/plm/models/${id}/config`, { token });
        names.push((answer.body as { trims: { name: string }[] }).trims[0]!.name);
      }
      return names;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const flipped = first.filter((n) => n === 'Other').length;
    expect(flipped).toBeGreaterThan(2);
    expect(flipped).toBeLessThan(18);
  });

  it('leaves a body without the pointer unchanged', async () => {
    mock.faults.set({ kind: 'flapField', pointer: '/no/such/field', value: 1 });
    const id = mock.fixtures.models[0]!.id;
    const answer = await call(mock, `/plm/models/${id}/config`, { token });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('no');
  });

  it('rejects a fault without a JSON Pointer', () => {
    expect(() => mock.faults.set({ kind: 'flapField', pointer: 'name', value: 'x' })).toThrow(
      InvalidFaultError,
    );
  });
});
