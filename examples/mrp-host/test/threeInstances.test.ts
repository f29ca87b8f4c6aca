/*
 * Three host processes on one PostgreSQL schema and one Redis namespace, as a scaled-out MRP
 * deployment runs them: the catalog webhook received by one instance invalidates every
 * instance's cache, usage events recorded on all three reach PLM once each (row claiming), a mode
 * change made on one reaches the others, and killing one (SIGKILL) loses nothing.
 */
import { startPlmMock, type PlmMock } from '@mrp-plm/plm-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callHost,
  loginAs,
  mrpModelIdOf,
  selectionsOf,
  waitFor,
  type HostAnswer,
} from './support/hostClient.js';
import { hostEnvForMock, startHostProcess, type HostProcess } from './support/hostProcess.js';
import {
  dropTestSchema,
  postgresReachable,
  testDatabaseUrl,
  uniqueSchema,
} from './support/postgres.js';
import {
  dropRedisNamespace,
  redisReachable,
  testRedisUrl,
  uniqueRedisNamespace,
} from './support/redis.js';

const MODELS = 12;
const WEBHOOK_SECRET = 'whsec-three-instances';

describe.skipIf(!postgresReachable || !redisReachable)(
  'three instances, one Postgres, one Redis',
  () => {
    const schema = uniqueSchema();
    const namespace = uniqueRedisNamespace();
    let mock: PlmMock;
    const hosts: HostProcess[] = [];
    const env = (): Record<string, string> => ({
      DATABASE_URL: testDatabaseUrl,
      MRP_DB_SCHEMA: schema,
      REDIS_URL: testRedisUrl,
      MRP_REDIS_NAMESPACE: namespace,
      ...hostEnvForMock(mock.url, MODELS, 'enabled'),
      PLM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PLM_RETRY_MAX_ATTEMPTS: '1',
    });
    /** Work orders the API acknowledged (201), by id. */
    const acknowledged = new Set<string>();

    const create = async (host: HostProcess, token: string, n: number): Promise<HostAnswer[]> => {
      const selections = selectionsOf(mock);
      const answers: HostAnswer[] = [];
      for (let i = 0; i < n; i++) {
        const s = selections[i % selections.length]!;
        const res = await callHost(host.url, token, 'POST', '/api/work-orders', {
          ...s,
          quantity: 1 + i,
          dueDate: '2027-03-01',
        });
        if (res.status === 201) acknowledged.add((res.body as { id: string }).id);
        answers.push(res);
      }
      return answers;
    };

    beforeAll(async () => {
      mock = await startPlmMock({ seed: 1, models: MODELS });
      // The first instance migrates and seeds; the others start on the ready schema.
      hosts.push(await startHostProcess(env()));
      hosts.push(await startHostProcess(env()));
      hosts.push(await startHostProcess(env()));
      mock.setWebhook({ url: `${hosts[0]!.url}/hooks/plm`, secret: WEBHOOK_SECRET });
    }, 180_000);

    afterAll(async () => {
      await Promise.allSettled(hosts.map((h) => h.stop()));
      await mock?.close();
      await dropTestSchema(schema).catch(() => undefined);
      await dropRedisNamespace(namespace).catch(() => undefined);
    }, 60_000);

    it('a catalog.changed webhook received by one instance invalidates the cache on all three', async () => {
      const plmId = mock.fixtures.models[0]!.id;
      const mrpId = mrpModelIdOf(mock, plmId);
      const read = async (host: HostProcess) => {
        const token = await loginAs(host.url, 'olga');
        const res = await callHost(host.url, token, 'GET', `/api/product-configs/${mrpId}`);
        expect(res.status).toBe(200);
        return (res.body as { provenance: unknown }).provenance as {
          cache: string;
          plmRevision?: string;
          dataSource: string;
        };
      };
      // Every instance has the model cached (the second read of each is a hit).
      for (const host of hosts) await read(host);
      const before = await Promise.all(hosts.map(read));
      expect(before.map((p) => [p.dataSource, p.cache])).toEqual([
        ['plm', 'hit'],
        ['plm', 'hit'],
        ['plm', 'hit'],
      ]);
      const oldRevision = before[0]!.plmRevision;

      const change = await mock.changeCatalog([plmId]);
      expect(change.webhook).toMatchObject({ delivered: true, status: 204 });
      expect(change.webhook!.url).toBe(`${hosts[0]!.url}/hooks/plm`);

      // The invalidation travels through Redis pub/sub: bounded wait for all three to re-read PLM.
      const fresh = await waitFor(
        async () => {
          const after = await Promise.all(hosts.map(read));
          return after.every((p) => p.plmRevision !== oldRevision);
        },
        { attempts: 40, intervalMs: 250 },
      );
      expect(fresh).toBe(true);
      const after = await Promise.all(hosts.map(read));
      expect(new Set(after.map((p) => p.plmRevision)).size).toBe(1);
      expect(after[0]!.plmRevision).not.toBe(oldRevision);
    }, 60_000);

    it('a mode change made on one instance reaches the others', async () => {
      const admin = await loginAs(hosts[1]!.url, 'ada');
      const res = await callHost(hosts[1]!.url, admin, 'POST', '/api/admin/plm-mode', {
        mode: 'shadow',
        reason: 'three-instance test',
      });
      expect(res.status).toBe(200);
      const modes = async () =>
        Promise.all(
          hosts.map(
            async (h) =>
              ((await callHost(h.url, undefined, 'GET', '/healthz')).body as { mode: string }).mode,
          ),
        );
      expect(
        await waitFor(async () => (await modes()).every((m) => m === 'shadow'), {
          attempts: 40,
          intervalMs: 250,
        }),
      ).toBe(true);
      // Each instance audits the change it applied.
      for (const host of hosts) {
        const audit = await callHost(host.url, admin, 'GET', '/api/admin/audit?limit=50');
        expect(audit.status).toBe(200);
      }
      const back = await callHost(hosts[2]!.url, admin, 'POST', '/api/admin/plm-mode', {
        mode: 'enabled',
        reason: 'three-instance test: back',
      });
      expect(back.status).toBe(200);
      expect(
        await waitFor(async () => (await modes()).every((m) => m === 'enabled'), {
          attempts: 40,
          intervalMs: 250,
        }),
      ).toBe(true);
    }, 60_000);

    it('usage events recorded on all three are applied at PLM exactly once, also when one instance is killed', async () => {
      const tokens = await Promise.all(
        hosts.map((h, i) => loginAs(h.url, i % 2 === 0 ? 'olga' : 'otto')),
      );
      await Promise.all(hosts.slice(0, 2).map((h, i) => create(h, tokens[i]!, 6)));
      // PLM refuses usage batches (503 at once, so no lease is left held) while the third
      // instance records its events: they are acknowledged, stored, and not yet delivered.
      const outage = mock.faults.set({ kind: 'outage', route: 'submitUsageMetrics' });
      const third = await create(hosts[2]!, tokens[2]!, 6);
      expect(third.filter((r) => r.status === 201).length).toBeGreaterThan(0);
      await hosts[2]!.kill();
      for (const id of outage) mock.faults.remove(id);

      const appliedCreated = () =>
        mock.events().applied.filter((r) => r.event.type === 'work_order.created');
      const delivered = await waitFor(
        () => {
          const ids = new Set(appliedCreated().map((r) => r.event.workOrderId));
          return [...acknowledged].every((id) => ids.has(id));
        },
        { attempts: 360, intervalMs: 250 },
      );
      expect(delivered).toBe(true);
      const perWorkOrder = new Map<string, number>();
      for (const r of appliedCreated()) {
        perWorkOrder.set(r.event.workOrderId, (perWorkOrder.get(r.event.workOrderId) ?? 0) + 1);
      }
      for (const id of acknowledged) expect(perWorkOrder.get(id), id).toBe(1);
      // No event reached PLM twice under different keys (two workers never took the same row).
      const sentTwice = mock.events().receipts.filter((r) => r.status === 'duplicate' && !r.replay);
      expect(sentTwice).toEqual([]);
      // The killed instance's work orders are all there, read through a survivor.
      const admin = await loginAs(hosts[0]!.url, 'ada');
      for (const id of acknowledged) {
        const res = await callHost(hosts[0]!.url, admin, 'GET', `/api/work-orders/${id}`);
        expect(res.status, id).toBe(200);
      }
    }, 150_000);
  },
);
