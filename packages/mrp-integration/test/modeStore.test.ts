import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createMemoryModeStore,
  createRedisModeStore,
  type AuditEvent,
  type PlmModeStore,
} from '../src/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { redisAvailable, redisUrl, uniqueName } from './support/services.js';

const redisUp = await redisAvailable();

let mock: PlmMock;
beforeAll(async () => {
  mock = await startPlmMock({ seed: 1, models: 50 });
});
afterAll(async () => {
  await mock.close();
});

/** The next `mode.changed` audit event of `h`, bounded in time (it travels through the store). */
function nextModeChange(h: Harness): Promise<Extract<AuditEvent, { type: 'mode.changed' }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no mode change within 5 s')), 5_000);
    const off = h.integration.subscribe((event) => {
      if (event.type !== 'mode.changed') return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

const modeChanges = (h: Harness) => h.audit.filter((e) => e.type === 'mode.changed');

/** The same scenario over each store: what one instance changes, the other applies and audits. */
function sharedModeScenario(
  name: string,
  makeStores: () => Promise<{
    a: PlmModeStore;
    b: PlmModeStore;
    c: () => PlmModeStore;
    cleanup: () => Promise<void>;
  }>,
) {
  describe(name, () => {
    let stores: Awaited<ReturnType<typeof makeStores>>;
    let a: Harness;
    let b: Harness;

    beforeAll(async () => {
      stores = await makeStores();
      // Both start from PLM_MODE=enabled (the env value is the start).
      a = await startHarness({}, { modeStore: stores.a }, mock);
      b = await startHarness({}, { modeStore: stores.b }, mock);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await stores?.cleanup();
    });

    test('a rollback on one instance reaches the other, audited on both', async () => {
      expect((await b.integration.getModelConfig('M-1001')).provenance.dataSource).toBe('plm');
      const onB = nextModeChange(b);
      a.integration.setMode('disabled', { by: 'ops@example.com', reason: 'PLM incident' });
      expect(a.integration.mode).toBe('disabled'); // at once on the instance that changed it
      const heard = await onB;
      expect(heard).toMatchObject({
        from: 'enabled',
        to: 'disabled',
        by: 'ops@example.com',
        reason: 'PLM incident',
        via: 'modeStore',
      });
      expect(b.integration.mode).toBe('disabled');
      expect((await b.integration.getModelConfig('M-1001')).provenance.dataSource).toBe('mrp');
      expect(modeChanges(a)).toHaveLength(1);
      expect(modeChanges(a)[0]).toMatchObject({ to: 'disabled', via: 'setMode' });
    });

    test('an allowlist change travels too, and a later change on the other side wins', async () => {
      const onA = nextModeChange(a);
      b.integration.setMode('enabled', { models: ['M-1002'], by: 'ops2', reason: 'pilot' });
      await onA;
      expect(a.integration.mode).toBe('enabled');
      expect(a.integration.enabledForModels).toEqual(['M-1002']);
      expect((await a.integration.getModelConfig('M-1002')).provenance.dataSource).toBe('plm');
      expect((await a.integration.getModelConfig('M-1001')).provenance.dataSource).toBe('mrp');
    });

    test('a new instance starts in the stored mode, not the configured one', async () => {
      const c = await startHarness({}, { modeStore: stores.c() }, mock);
      try {
        // The first read waits for the stored mode: M-1001 is not in the stored allowlist.
        expect((await c.integration.getModelConfig('M-1001')).provenance.dataSource).toBe('mrp');
        expect(c.integration.enabledForModels).toEqual(['M-1002']);
        expect(modeChanges(c)).toEqual([
          expect.objectContaining({
            to: 'enabled',
            models: ['M-1002'],
            by: 'ops2',
            via: 'modeStore',
          }),
        ]);
      } finally {
        await c.close();
      }
    });
  });
}

sharedModeScenario('memory mode store', () => {
  const store = createMemoryModeStore();
  return Promise.resolve({ a: store, b: store, c: () => store, cleanup: () => store.close() });
});

describe.skipIf(!redisUp)('Redis mode store', () => {
  const namespace = uniqueName('mrp_integration_mode');
  const clients: Redis[] = [];
  const storeOf = () => {
    const client = new Redis(redisUrl, { enableOfflineQueue: false });
    clients.push(client);
    return createRedisModeStore({ client, namespace });
  };
  const opened: PlmModeStore[] = [];
  const open = () => {
    const store = storeOf();
    opened.push(store);
    return store;
  };
  sharedModeScenario('two instances over one namespace', async () => {
    // Each instance has its own connections, as separate processes would.
    const a = open();
    const b = open();
    await Promise.all(
      clients.map(
        (c) =>
          new Promise((resolve) =>
            c.status === 'ready' ? resolve(undefined) : c.once('ready', resolve),
          ),
      ),
    );
    return {
      a,
      b,
      c: open,
      cleanup: async () => {
        for (const store of opened) await store.close();
        const keys = await clients[0]!.keys(`${namespace}:*`);
        if (keys.length > 0) await clients[0]!.del(...keys);
        for (const client of clients) client.disconnect();
      },
    };
  });

  test('a record on the channel that is not a mode change is refused, not applied', async () => {
    const client = new Redis(redisUrl, { enableOfflineQueue: false });
    const ns = uniqueName('mrp_integration_mode_bad');
    const errors: string[] = [];
    const store = createRedisModeStore({
      client,
      namespace: ns,
      onError: (error, operation) =>
        errors.push(`${operation}:${(error as { _tag?: string })._tag}`),
    });
    try {
      await store.load();
      const heard: unknown[] = [];
      const first = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('nothing heard within 5 s')), 5_000);
        store.subscribe((record) => {
          heard.push(record);
          clearTimeout(timer);
          resolve();
        });
      });
      await client.publish(
        `${ns}:changed`,
        '7\n{"mode":"sideways","models":[],"by":"x","reason":"y","at":1,"origin":"z"}',
      );
      // A valid change published after it arrives after it (one connection, in order).
      await store.save({
        mode: 'disabled',
        models: [],
        by: 'ops',
        reason: 'ok',
        at: 1,
        origin: 'o',
      });
      // The bad message came first on the same connection, so it was handled before `first`.
      await first;
      expect(heard).toEqual([expect.objectContaining({ mode: 'disabled', version: 1 })]);
      expect(errors).toEqual(['message:PlmModeStoreError']);
    } finally {
      await store.close();
      await client.del(`${ns}:version`, `${ns}:state`);
      client.disconnect();
    }
  });
});

test('a store that cannot load leaves the configured mode in force, logged, and reads go on', async () => {
  const failing: PlmModeStore = {
    load: () => Promise.reject(new Error('database unreachable')),
    save: () => Promise.reject(new Error('database unreachable')),
    subscribe: () => () => undefined,
    close: () => Promise.resolve(),
  };
  const h = await startHarness({ mode: 'disabled' }, { modeStore: failing }, mock);
  try {
    expect((await h.integration.getModelConfig('M-1001')).provenance.dataSource).toBe('mrp');
    expect(h.logs.map((l) => (l.object as { event?: string }).event)).toContain('mode.load-failed');
    // A change that cannot be stored stays local and is logged.
    h.integration.setMode('enabled', { by: 'ops', reason: 'try' });
    expect(h.integration.mode).toBe('enabled');
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.logs.map((l) => (l.object as { event?: string }).event)).toContain(
      'mode.share-failed',
    );
  } finally {
    await h.close();
  }
});

test('setMode refuses an allowlist entry that is not an MRP model id', async () => {
  const h = await startHarness({}, { modeStore: createMemoryModeStore() }, mock);
  try {
    expect(() =>
      h.integration.setMode('enabled', { models: ['M-1001', 'not an id'], by: 'ops', reason: 'x' }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }) as Error);
    expect(h.integration.enabledForModels).toEqual([]);
  } finally {
    await h.close();
  }
});
