/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- the rehearsal reads JSON response bodies (typed any by the harness) only to assert on them */
import { isEffective } from '@mrp-plm/adapter';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstTrimOf, startHostHarness, type HostHarness } from './support/hostHarness.js';

// Rollback rehearsed (issue #12, section 5): the steps of docs/runbooks/rollout.md and
// rollback.md, performed through the host's admin API while work-order load runs.

/** Users of the load: two departments, operators and a supervisor. */
const LOAD_USERS = ['olga', 'otto', 'sam', 'pete'] as const;
/** Create → detail → list rounds per user (bounded: the load is a count, not a duration). */
const ROUNDS = 12;

interface ModeStep {
  readonly mode: 'disabled' | 'shadow' | 'enabled';
  readonly models?: readonly string[];
  readonly reason: string;
}

describe('rollback rehearsal: disabled → shadow → enabled (one model, all) → shadow → disabled under load', () => {
  let h: HostHarness;
  let ada: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    h = await startHostHarness(
      'sqlite',
      {
        PLM_MODE: 'disabled',
        PLM_SHADOW_SAMPLE_RATE: '1',
      },
      { logger: pino({ level: 'error' }) },
    );
    ada = await h.token('ada');
    for (const user of LOAD_USERS) tokens.set(user, await h.token(user));
  });
  afterAll(() => h?.close());

  it('answers every request, audits every mode change, and keeps each work order’s data source', async () => {
    // Models that can be ordered as they are (first trim, no option) from both sources: MRP's
    // tables accept the selection, and PLM's revision is in effect on the work orders' date.
    const asOf = new Date(h.clock.now());
    const effectiveInPlm = new Set(
      h.mock.fixtures.models
        .map((m, i) => ({ m, mrpId: h.mock.fixtures.mrp.models[i]!.id }))
        .filter(({ m }) => isEffective(m.revision, asOf))
        .map(({ mrpId }) => mrpId),
    );
    const orderable: string[] = [];
    for (const model of h.mock.fixtures.mrp.models.filter((m) => effectiveInPlm.has(m.id))) {
      const res = await h.api(tokens.get('olga'), 'POST', '/api/work-orders', {
        modelId: model.id,
        trimId: firstTrimOf(h, model.id),
        featureIds: [],
        quantity: 1,
        dueDate: '2027-03-01',
      });
      if (res.status === 201) orderable.push(model.id);
      else expect(res.body.code, JSON.stringify(res.body)).toMatch(/^INVALID_SELECTION|VALIDATION/);
    }
    expect(orderable).toContain('M-1001');
    expect(orderable.length).toBeGreaterThanOrEqual(4);
    const pilot = 'M-1001';

    // Runbook steps, in order (rollout.md 1–3, then rollback.md 1–2).
    const steps: readonly ModeStep[] = [
      { mode: 'shadow', reason: 'rollout step 1: shadow comparison' },
      { mode: 'enabled', models: [pilot], reason: 'rollout step 2: PLM for the pilot model' },
      { mode: 'enabled', models: [], reason: 'rollout step 3: PLM for every model' },
      { mode: 'shadow', reason: 'rollback step 1: back to shadow' },
      { mode: 'disabled', reason: 'rollback step 2: MRP data only' },
    ];

    const failures: string[] = [];
    const created = new Map<string, { dataSource: string; modelId: string; token: string }>();
    let done = 0;
    const waiters: { at: number; resolve: () => void }[] = [];
    const count = () => {
      done++;
      for (const w of waiters.filter((x) => done >= x.at)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    };
    /** Resolves once `n` load requests have been answered (or the load ended). */
    const afterRequests = (n: number) =>
      new Promise<void>((resolve) => {
        if (done >= n) resolve();
        else waiters.push({ at: n, resolve });
      });

    const call = async (token: string, method: string, path: string, body?: unknown) => {
      const res = await h.api(token, method, path, body);
      count();
      if (res.status >= 300) failures.push(`${method} ${path} → ${res.status} ${res.body?.code}`);
      return res;
    };

    const userLoad = async (user: string, offset: number) => {
      const token = tokens.get(user)!;
      for (let round = 0; round < ROUNDS; round++) {
        const modelId = orderable[(round + offset) % orderable.length]!;
        const res = await call(token, 'POST', '/api/work-orders', {
          modelId,
          trimId: firstTrimOf(h, modelId),
          featureIds: [],
          quantity: 1 + round,
          dueDate: '2027-04-01',
        });
        if (res.status === 201) {
          created.set(res.body.id, { dataSource: res.body.dataSource, modelId, token });
          await call(token, 'GET', `/api/work-orders/${res.body.id}`);
        }
        await call(token, 'GET', '/api/work-orders?pageSize=20');
      }
    };

    const total = LOAD_USERS.length * ROUNDS * 3;
    const load = Promise.all(LOAD_USERS.map((user, i) => userLoad(user, i)));
    const modeResults: unknown[] = [];
    const changes = (async () => {
      for (const [i, step] of steps.entries()) {
        // Each change lands mid-load: after a share of the requests, never after a delay.
        await afterRequests(Math.floor(((i + 1) * total) / (steps.length + 1)));
        const res = await h.api(ada, 'POST', '/api/admin/plm-mode', {
          mode: step.mode,
          ...(step.models === undefined ? {} : { models: step.models }),
          reason: step.reason,
        });
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        // The runbooks' check after each step: the PLM status and the health page's JSON.
        const status = await h.api(ada, 'GET', '/api/admin/plm');
        expect(status.body.mode).toBe(step.mode);
        expect(status.body.enabledForModels).toEqual(step.models ?? []);
        const health = await h.api(ada, 'GET', '/admin/plm-health/plm-health.json');
        expect(health.status).toBe(200);
        expect(health.body.mode.mode).toBe(step.mode);
        modeResults.push(res.body);
      }
    })();
    await Promise.all([load, changes]);

    expect(failures).toEqual([]);
    expect(done).toBe(total);
    expect(modeResults).toHaveLength(steps.length);
    // The rehearsal exercised both sources (PLM while enabled, MRP otherwise).
    const sources = new Set([...created.values()].map((w) => w.dataSource));
    expect(sources).toEqual(new Set(['mrp', 'plm']));

    // Every mode change is audited with its actor, target and reason (written asynchronously:
    // poll the API, bounded).
    type ModeAudit = { actor: string; details: { to: string; reason: string } };
    let audited: ModeAudit[] = [];
    for (let i = 0; i < 50 && audited.length < steps.length; i++) {
      const audit = await h.api(ada, 'GET', '/api/admin/audit?action=plm.mode-changed');
      audited = audit.body.items as ModeAudit[];
      if (audited.length < steps.length) await h.clock.settle();
    }
    expect(
      audited
        .map((a) => ({ actor: a.actor, to: a.details.to, reason: a.details.reason }))
        .reverse(),
    ).toEqual(steps.map((s) => ({ actor: 'u-ada', to: s.mode, reason: s.reason })));

    // Work orders created before a change keep their data source (and their snapshot replays).
    for (const [id, wo] of created) {
      const detail = await h.api(wo.token, 'GET', `/api/work-orders/${id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.dataSource, id).toBe(wo.dataSource);
      expect(detail.body.versions[0].snapshot.dataSource, id).toBe(wo.dataSource);
      const replay = await h.api(wo.token, 'GET', `/api/work-orders/${id}/versions/1/replay`);
      expect(replay.status, id).toBe(200);
      expect(replay.body.dataSource, id).toBe(wo.dataSource);
      expect(replay.body.verification.valid, id).toBe(true);
    }

    // Rolled back: a new work order uses MRP data, and PLM sees no request at all.
    const plmRequestsBefore = h.mock.stats().totalRequests;
    const after = await h.api(tokens.get('olga'), 'POST', '/api/work-orders', {
      modelId: pilot,
      trimId: firstTrimOf(h, pilot),
      featureIds: [],
      quantity: 1,
      dueDate: '2027-05-01',
    });
    expect(after.status).toBe(201);
    expect(after.body.dataSource).toBe('mrp');
    expect(h.mock.stats().totalRequests).toBe(plmRequestsBefore);
  });

  it('a model whose PLM revision is not in effect answers a mapped 422 while PLM is primary, never a 500', async () => {
    const asOf = new Date(h.clock.now());
    const index = h.mock.fixtures.models.findIndex((m) => !isEffective(m.revision, asOf));
    expect(index).toBeGreaterThanOrEqual(0);
    const modelId = h.mock.fixtures.mrp.models[index]!.id;
    const set = await h.api(ada, 'POST', '/api/admin/plm-mode', {
      mode: 'enabled',
      models: [modelId],
      reason: 'PLM primary for a model without an effective revision',
    });
    expect(set.status).toBe(200);
    try {
      const res = await h.api(tokens.get('olga'), 'POST', '/api/work-orders', {
        modelId,
        trimId: firstTrimOf(h, modelId),
        featureIds: [],
        quantity: 1,
        dueDate: '2027-05-01',
      });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'REVISION_NOT_EFFECTIVE' });
      expect(JSON.stringify(res.body)).not.toMatch(/MDL-|revision [A-Z]|stack/);
    } finally {
      await h.api(ada, 'POST', '/api/admin/plm-mode', { mode: 'disabled', reason: 'restore' });
    }
  });
});

describe('the migration guard steps down by itself; the operator re-arms it and rolls forward again', () => {
  let h: HostHarness;

  beforeAll(async () => {
    h = await startHostHarness('sqlite', {
      PLM_MODE: 'enabled',
      PLM_ENABLED_FOR_MODELS: '',
      PLM_CACHE_ENABLED: 'false',
      PLM_AUTO_ROLLBACK: 'true',
      PLM_AUTO_ROLLBACK_SUSTAIN: '60',
    });
  });
  afterAll(() => h?.close());

  it('an outage trips the guard (enabled → shadow, audited), reads never fail, and the runbook steps recover', async () => {
    const ada = await h.token('ada');
    const olga = await h.token('olga');
    const models = h.mock.fixtures.mrp.models.slice(0, 3).map((m) => m.id);
    const read = async () => {
      for (const id of models) {
        const res = await h.api(olga, 'GET', `/api/product-configs/${id}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    };
    const health = async () => (await h.api(ada, 'GET', '/admin/plm-health/plm-health.json')).body;
    expect((await health()).mode.guard.state).toBe('armed');

    // PLM down: reads fall back to MRP; the error rate stays above 10 % for the sustain time.
    h.mock.faults.set({ kind: 'outage' });
    for (let i = 0; i < 10 && h.host.integration.mode === 'enabled'; i++) {
      await read();
      await h.clock.advance(10_000);
    }
    expect(h.host.integration.mode).toBe('shadow');
    const tripped = await health();
    expect(tripped.mode.guard).toMatchObject({
      state: 'tripped',
      trigger: 'error-rate',
      step: { from: 'enabled', to: 'shadow' },
    });
    await read();

    // The audit log holds the guard's step and its mode change (written asynchronously: poll).
    type Entry = { actor: string; action: string; details: { to?: string } };
    let entries: Entry[] = [];
    for (let i = 0; i < 50 && entries.length < 2; i++) {
      const tripAudit = await h.api(ada, 'GET', '/api/admin/audit?action=plm.guard-tripped');
      const modeAudit = await h.api(ada, 'GET', '/api/admin/audit?action=plm.mode-changed');
      entries = [...(tripAudit.body.items as Entry[]), ...(modeAudit.body.items as Entry[])];
      if (entries.length < 2) await h.clock.settle();
    }
    expect(entries).toEqual([
      expect.objectContaining({ actor: 'plm-migration-guard', action: 'plm.guard-tripped' }),
      expect.objectContaining({
        actor: 'plm-migration-guard',
        action: 'plm.mode-changed',
        details: expect.objectContaining({ to: 'shadow' }),
      }),
    ]);

    // rollback.md, "after an automatic step-down": PLM is healthy again, re-arm, roll forward.
    h.mock.faults.clear();
    const reset = await h.api(ada, 'POST', '/api/admin/plm-guard/reset', {
      reason: 'PLM incident over',
    });
    expect(reset.status).toBe(200);
    expect(reset.body.guard.state).toBe('armed');
    const forward = await h.api(ada, 'POST', '/api/admin/plm-mode', {
      mode: 'enabled',
      models: [],
      reason: 'roll forward after the incident',
    });
    expect(forward.status).toBe(200);
    await h.clock.advance(31_000);
    await read();
    expect(h.host.integration.mode).toBe('enabled');
    const served = await h.api(olga, 'GET', `/api/product-configs/${models[0]}`);
    expect(served.body.provenance.dataSource).toBe('plm');
    let resets: Entry[] = [];
    for (let i = 0; i < 50 && resets.length === 0; i++) {
      resets = (await h.api(ada, 'GET', '/api/admin/audit?action=plm.guard-reset')).body
        .items as Entry[];
      if (resets.length === 0) await h.clock.settle();
    }
    expect(resets).toEqual([expect.objectContaining({ actor: 'u-ada' })]);
    // Only admins re-arm the guard.
    expect((await h.api(olga, 'POST', '/api/admin/plm-guard/reset', { reason: 'x' })).status).toBe(
      403,
    );
  });
});
