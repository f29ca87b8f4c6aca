import type { PlmIntegrationStats } from '@mrp-plm/mrp-integration';
import type { Problem } from '../http/problem.js';
import type { WorkOrderDetail, WorkOrderReplay } from '../services/WorkOrders.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The running host, e.g. `http://127.0.0.1:3000`. */
  readonly hostUrl: string;
  /** The running plm-mock beside it (its `/__admin` API), e.g. `http://127.0.0.1:4010`. */
  readonly mockUrl: string;
  /** Where the narration goes. @default console.log */
  readonly print?: ((line: string) => void) | undefined;
  /**
   * Waits between recovery probes. Tests pass their test clock's `advance`, so the host's breaker
   * sees the time pass without anyone sleeping. @default real timers
   */
  readonly wait?: ((ms: number) => Promise<void>) | undefined;
  /** Pause between recovery probes, ms. @default 2000 */
  readonly probeEveryMs?: number | undefined;
  /** Recovery probes before giving up (bounds the wait for the breaker to close). @default 45 */
  readonly maxProbes?: number | undefined;
  /** Work orders created during the outage before giving up on the circuit opening. @default 20 */
  readonly maxOutageOrders?: number | undefined;
  /** Each HTTP request's time limit, ms. @default 15000 */
  readonly requestTimeoutMs?: number | undefined;
  /** The demo logins. @default ada (admin) and olga (operator), the seeded demo users */
  readonly admin?: { readonly username: string; readonly password: string } | undefined;
  readonly operator?: { readonly username: string; readonly password: string } | undefined;
}

/** One narrated step and whether it behaved as narrated. */
export interface DemoStep {
  readonly title: string;
  readonly ok: boolean;
  /** What was seen, or why the step failed. */
  readonly lines: readonly string[];
}

/** What {@link runDemo} saw. */
export interface DemoResult {
  /** Every step behaved as narrated (the CLI exits 0). */
  readonly ok: boolean;
  readonly steps: readonly DemoStep[];
}

/** A demo step did not behave as narrated; `step` names it. */
export class DemoStepError extends Error {
  readonly _tag = 'HostDemoStepError' as const;
  override readonly name = 'DemoStepError';
  readonly step: string;

  constructor(step: string, message: string, options?: { cause?: unknown }) {
    super(`${step}: ${message}`, options);
    this.step = step;
  }
}

interface AdminPlm {
  readonly mode: string;
  readonly enabledForModels: readonly string[];
  readonly stats: PlmIntegrationStats;
}

interface MockMrpData {
  readonly models: readonly {
    readonly id: string;
    readonly trims: readonly { readonly id: string }[];
  }[];
  readonly drift: readonly { readonly mrpModelId: string }[];
}

const realWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A narrated, bounded tour of the running pair that `npm start` starts: log in, create work
 * orders, roll forward to `enabled`, put PLM in an outage through plm-mock's admin API, watch the
 * fallbacks and the circuit opening (through the host's admin API), recover, roll back to
 * `disabled` and show that earlier work orders keep their frozen PLM data, then restore the mode
 * it found. Every step checks what it narrates; faults are cleared and the mode restored even
 * when a step fails. Every loop is bounded in count (and each request in time).
 *
 * @example
 * ```ts
 * const result = await runDemo({ hostUrl: 'http://127.0.0.1:3000', mockUrl: 'http://127.0.0.1:4010' });
 * process.exitCode = result.ok ? 0 : 1;
 * ```
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  const wait = options.wait ?? realWait;
  const probeEveryMs = options.probeEveryMs ?? 2_000;
  const maxProbes = options.maxProbes ?? 45;
  const maxOutageOrders = options.maxOutageOrders ?? 20;
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  const admin = options.admin ?? { username: 'ada', password: 'ada-demo' };
  const operator = options.operator ?? { username: 'olga', password: 'olga-demo' };
  const host = options.hostUrl.replace(/\/+$/, '');
  const mock = options.mockUrl.replace(/\/+$/, '');
  const steps: DemoStep[] = [];

  const call = async (
    step: string,
    url: string,
    init: { method?: string; token?: string; body?: unknown } = {},
  ): Promise<{ status: number; json: unknown }> => {
    let res: Response;
    try {
      res = await fetch(url, {
        method: init.method ?? 'GET',
        headers: {
          ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new DemoStepError(
        step,
        `cannot reach ${new URL(url).origin} (is \`npm start\` running?)`,
        {
          cause: error,
        },
      );
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  };
  const expectStatus = (
    step: string,
    got: { status: number; json: unknown },
    ...want: number[]
  ) => {
    if (!want.includes(got.status)) {
      const p = got.json as Partial<Problem> | undefined;
      throw new DemoStepError(
        step,
        `expected HTTP ${want.join(' or ')}, got ${got.status}${p?.code === undefined ? '' : ` ${p.code}: ${p.detail}`}`,
      );
    }
    return got.json;
  };

  let current: { title: string; lines: string[] } | undefined;
  const say = (line: string) => {
    current?.lines.push(line);
    print(`   ${line}`);
  };
  const step = async (title: string, body: () => Promise<void>): Promise<void> => {
    current = { title, lines: [] };
    print(`\n▶ ${steps.length + 1}. ${title}`);
    try {
      await body();
      steps.push({ title, ok: true, lines: current.lines });
      print('   ✔ as narrated');
    } catch (error) {
      const message = error instanceof DemoStepError ? error.message : String(error);
      steps.push({ title, ok: false, lines: [...current.lines, message] });
      print(`   ✘ ${message}`);
      throw error;
    }
  };

  let adminToken = '';
  let operatorToken = '';
  let initialMode: string | undefined;
  let faultsSet = false;
  const models: { id: string; trimId: string }[] = [];
  let nextModel = 0;
  let plmOrder: WorkOrderDetail | undefined;

  const login = async (s: string, who: { username: string; password: string }) => {
    const json = expectStatus(
      s,
      await call(s, `${host}/api/login`, { method: 'POST', body: { ...who, session: 'bearer' } }),
      200,
    ) as { token: string; user: { role: string; departmentId: string } };
    say(`${who.username} signed in (${json.user.role}, department ${json.user.departmentId})`);
    return json.token;
  };
  const plmState = async (s: string) =>
    expectStatus(s, await call(s, `${host}/api/admin/plm`, { token: adminToken }), 200) as AdminPlm;
  const setMode = async (s: string, mode: string, reason: string) => {
    const json = expectStatus(
      s,
      await call(s, `${host}/api/admin/plm-mode`, {
        method: 'POST',
        token: adminToken,
        body: { mode, models: [], reason },
      }),
      200,
    ) as { mode: string };
    if (json.mode !== mode) throw new DemoStepError(s, `mode is ${json.mode}, not ${mode}`);
    say(`${admin.username} switched PLM_MODE to ${mode} ("${reason}")`);
  };
  /** Creates a work order on the next model that accepts its first trim as is. */
  const createOrder = async (
    s: string,
    label: string,
  ): Promise<WorkOrderDetail | Partial<Problem>> => {
    for (let tries = 0; tries < 5 && nextModel < models.length; tries++) {
      const model = models[nextModel++]!;
      const res = await call(s, `${host}/api/work-orders`, {
        method: 'POST',
        token: operatorToken,
        body: {
          modelId: model.id,
          trimId: model.trimId,
          featureIds: [],
          quantity: 1,
          dueDate: '2027-03-01',
        },
      });
      const p = res.json as Partial<Problem> | undefined;
      if (res.status === 422 && p?.code === 'INVALID_SELECTION') continue;
      if (res.status === 201) {
        const wo = res.json as WorkOrderDetail;
        const v = wo.versions[0]!.provenance;
        say(
          `${label}: ${wo.id} on ${wo.modelId} → data from ${v.dataSource.toUpperCase()}` +
            `${v.plmRevision === null ? '' : ` rev ${v.plmRevision}`}, cache ${v.cache}` +
            `${v.fallbackReason === null ? '' : `, fallback: ${v.fallbackReason}`}`,
        );
        return wo;
      }
      if (p?.code !== undefined && p.code.startsWith('PLM_')) {
        say(`${label}: ${model.id} refused with ${p.code} — the user reads: "${p.detail}"`);
        return p;
      }
      expectStatus(s, res, 201);
    }
    throw new DemoStepError(s, 'ran out of models to create work orders on');
  };
  const isOrder = (x: WorkOrderDetail | Partial<Problem>): x is WorkOrderDetail => 'versions' in x;

  print(`MRP host ${host} · plm-mock ${mock}`);
  try {
    await step('Check that the pair is running', async () => {
      const s = 'check';
      const health = expectStatus(s, await call(s, `${host}/healthz`), 200) as { mode: string };
      say(`host answers; PLM_MODE is ${health.mode}`);
      expectStatus(s, await call(s, `${mock}/__admin/stats`), 200);
      const data = expectStatus(
        s,
        await call(s, `${mock}/__admin/fixtures/mrp`),
        200,
      ) as MockMrpData;
      const drifted = new Set(data.drift.map((d) => d.mrpModelId));
      for (const m of data.models) {
        if (!drifted.has(m.id) && m.trims[0] !== undefined)
          models.push({ id: m.id, trimId: m.trims[0].id });
      }
      // The seeded work orders read the first models; the tour starts after them.
      nextModel = Math.min(4, Math.max(0, models.length - 8));
      say(`plm-mock answers; ${models.length} models correspond on both sides`);
    });
    await step('Log in (an admin and an operator, bearer tokens for the API)', async () => {
      adminToken = await login('login', admin);
      operatorToken = await login('login', operator);
      initialMode = (await plmState('login')).mode;
    });
    await step(
      `Create a work order in ${initialMode} mode: MRP serves the product data`,
      async () => {
        const s = 'create';
        if (initialMode === 'enabled') await setMode(s, 'shadow', 'demo: start from shadow');
        const wo = await createOrder(s, 'created');
        if (!isOrder(wo) || wo.dataSource !== 'mrp')
          throw new DemoStepError(s, 'expected MRP data');
      },
    );
    await step('Roll forward: switch to enabled, PLM becomes the source', async () => {
      const s = 'enable';
      await setMode(s, 'enabled', 'demo: roll forward');
      const wo = await createOrder(s, 'created');
      if (!isOrder(wo) || wo.dataSource !== 'plm') {
        throw new DemoStepError(s, 'expected the work order to be built from PLM data');
      }
      plmOrder = wo;
    });
    await step(
      'PLM goes down (plm-mock outage fault): fallbacks, then the circuit opens',
      async () => {
        const s = 'outage';
        expectStatus(
          s,
          await call(s, `${mock}/__admin/faults`, {
            method: 'POST',
            body: { kind: 'outage', route: '/plm/**' },
          }),
          201,
        );
        faultsSet = true;
        say('plm-mock now answers every /plm/** request with 503 MAINTENANCE');
        let circuit = (await plmState(s)).stats.circuit;
        let fallbacks = 0;
        for (let i = 0; i < maxOutageOrders && circuit !== 'open'; i++) {
          const wo = await createOrder(s, `during the outage`);
          if (isOrder(wo)) {
            const v = wo.versions[0]!.provenance;
            if (v.dataSource === 'plm' && v.cache !== 'miss' && v.cache !== 'none') {
              say('   (a PLM answer still in the cache served it: PLM was not asked)');
            } else if (v.dataSource !== 'mrp' || v.fallbackReason === null) {
              throw new DemoStepError(s, `${wo.id} was not served by a fallback`);
            } else fallbacks++;
          }
          circuit = (await plmState(s)).stats.circuit;
        }
        if (circuit !== 'open') throw new DemoStepError(s, `the circuit is ${circuit}, not open`);
        say(`circuit is now OPEN: PLM is not called until its open period ends`);
        const fast = await createOrder(s, 'with the circuit open');
        if (isOrder(fast)) {
          if (fast.versions[0]!.provenance.fallbackReason !== 'circuit-open') {
            throw new DemoStepError(s, 'expected the fallback reason circuit-open');
          }
          fallbacks++;
        }
        const state = await plmState(s);
        const counts = Object.entries(state.stats.fallbacks)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ');
        say(
          `host stats: PLM served ${state.stats.plmServed}, MRP served ${state.stats.mrpServed}; fallbacks: ${counts || 'none'}`,
        );
        const audit = expectStatus(
          s,
          await call(s, `${host}/api/admin/audit?action=plm.circuit&limit=5`, {
            token: adminToken,
          }),
          200,
        ) as { items: readonly { details: { from?: string; to?: string } }[] };
        say(
          `audit log: ${audit.items.map((e) => `circuit ${e.details.from}→${e.details.to}`).join(', ') || 'no circuit entries'}`,
        );
        if (fallbacks === 0)
          say('fallback to MRP is off (PLM_FALLBACK_ENABLED=false): users read the message above');
      },
    );
    await step('PLM recovers: the breaker probes and closes, PLM serves again', async () => {
      const s = 'recover';
      expectStatus(s, await call(s, `${mock}/__admin/faults`, { method: 'DELETE' }), 200, 204);
      faultsSet = false;
      say('outage fault removed at plm-mock');
      const probe = models[Math.max(0, nextModel - 1)]!;
      for (let i = 1; i <= maxProbes; i++) {
        await wait(probeEveryMs);
        const res = await call(s, `${host}/api/product-configs/${probe.id}`, {
          token: operatorToken,
        });
        const p = (
          res.json as { provenance?: { dataSource: string; fallbackReason?: string } } | undefined
        )?.provenance;
        const circuit = (await plmState(s)).stats.circuit;
        if (res.status === 200 && p?.dataSource === 'plm' && circuit === 'closed') {
          say(`probe ${i}: ${probe.id} served by PLM again; circuit closed`);
          return;
        }
        if (i === 1 || i % 5 === 0) {
          say(
            `probe ${i}: circuit ${circuit}, data from ${p?.dataSource ?? 'nowhere'}${p?.fallbackReason === undefined ? '' : ` (${p.fallbackReason})`} — waiting for the open period to end`,
          );
        }
      }
      throw new DemoStepError(s, `PLM did not serve again within ${maxProbes} probes`);
    });
    await step(
      'Roll back: switch to disabled; earlier work orders keep their frozen PLM data',
      async () => {
        const s = 'rollback';
        await setMode(s, 'disabled', 'demo: roll back');
        const wo = await createOrder(s, 'created');
        if (!isOrder(wo) || wo.dataSource !== 'mrp')
          throw new DemoStepError(s, 'expected MRP data');
        const earlier = plmOrder!;
        const again = expectStatus(
          s,
          await call(s, `${host}/api/work-orders/${earlier.id}`, { token: operatorToken }),
          200,
        ) as WorkOrderDetail;
        if (again.dataSource !== 'plm') throw new DemoStepError(s, `${earlier.id} changed source`);
        const replay = expectStatus(
          s,
          await call(s, `${host}/api/work-orders/${earlier.id}/versions/1/replay`, {
            token: operatorToken,
          }),
          200,
        ) as WorkOrderReplay;
        if (!replay.replay.equal)
          throw new DemoStepError(s, `${earlier.id} does not replay from its snapshot`);
        say(`${earlier.id} still reads as PLM data; replayed from its snapshot: equal`);
      },
    );
  } catch (error) {
    if (!(error instanceof DemoStepError)) {
      steps.push({ title: 'unexpected error', ok: false, lines: [String(error)] });
      print(`   ✘ ${String(error)}`);
    }
  } finally {
    // Leave the pair as it was found.
    if (faultsSet) {
      await call('cleanup', `${mock}/__admin/faults`, { method: 'DELETE' }).catch(() => undefined);
    }
    if (initialMode !== undefined && adminToken !== '') {
      const now = await call('cleanup', `${host}/api/admin/plm`, { token: adminToken }).catch(
        () => undefined,
      );
      if ((now?.json as AdminPlm | undefined)?.mode !== initialMode) {
        await call('cleanup', `${host}/api/admin/plm-mode`, {
          method: 'POST',
          token: adminToken,
          body: { mode: initialMode, models: [], reason: 'demo: restore the starting mode' },
        }).catch(() => undefined);
        print(`\nRestored PLM_MODE ${initialMode}.`);
      }
    }
  }
  const ok = steps.length === 7 && steps.every((x) => x.ok);
  print(
    ok ? '\nDemo complete: every step behaved as narrated.' : '\nDemo FAILED: see the ✘ above.',
  );
  return { ok, steps };
}
