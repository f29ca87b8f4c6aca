/*
 * The chaos soak: load against a host process (work-order create, detail, list; operators and
 * supervisors of two departments) while plm-mock cycles through faults, with the host SIGKILLed
 * and restarted mid-run. Time is real (it is a load test); every verdict is a count, never a
 * duration, so a slow machine changes the figures, not the outcome.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as hdr from 'hdr-histogram-js';
import { startPlmMock, type Fault, type PlmMock } from '@mrp-plm/plm-mock';
import { formatWorkOrderId } from '../src/services/WorkOrders.js';
import { callHost, loginAs, selectionsOf, waitFor } from '../test/support/hostClient.js';
import {
  freePort,
  hostEnvForMock,
  startHostProcess,
  type HostProcess,
} from '../test/support/hostProcess.js';

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** How long load runs, ms (the drain comes after). @default 300000 */
  readonly durationMs?: number;
  /** Length of the outage phase, ms. @default 60000 */
  readonly outageMs?: number;
  /** Length of every other fault phase, ms. @default 10000 */
  readonly phaseMs?: number;
  /** Concurrent virtual users. @default 8 */
  readonly workers?: number;
  /** SIGKILL + restart of the host during the run. @default 2 */
  readonly kills?: number;
  /** Longest wait for the outbox drain after the load, ms (a killed delivery's lease is 60 s). @default 120000 */
  readonly drainTimeoutMs?: number;
  /** Progress lines. @default console.log */
  readonly log?: (line: string) => void;
}

/** Latency percentiles of one endpoint, ms. */
export interface EndpointFigures {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** What {@link runSoak} measured and checked. */
export interface SoakReport {
  readonly durationMs: number;
  readonly requests: number;
  /** 2xx with a JSON body. */
  readonly withData: number;
  /** application/problem+json with a `code`, 4xx or a mapped 503. */
  readonly mappedProblems: number;
  readonly problemCodes: Readonly<Record<string, number>>;
  /** Anything else: a 5xx other than a mapped 503, a body that is not JSON, an upstream text. */
  readonly violations: readonly string[];
  /** Requests cut by a SIGKILL (no answer; never acknowledged). */
  readonly cutByKill: number;
  readonly kills: number;
  readonly faultPhases: readonly string[];
  /** Work orders the API acknowledged (201). */
  readonly acknowledged: number;
  /** Acknowledged work orders missing from the database afterwards. */
  readonly lostWorkOrders: readonly string[];
  /** Work orders (acknowledged or not) whose created event PLM has not applied. */
  readonly undeliveredEvents: readonly string[];
  /** Work orders with more than one created event applied at PLM. */
  readonly appliedTwice: readonly string[];
  /** Events that reached PLM again under another idempotency key. */
  readonly resentUnderNewKey: number;
  /** Work orders whose versions are not 1..n, or an UPDATE of a version that was not refused. */
  readonly versionProblems: readonly string[];
  readonly endpoints: Readonly<Record<string, EndpointFigures>>;
  /**
   * Where the usage outbox stood when the drain ended (before the host's graceful stop): so an
   * undelivered event can be told apart as waiting, leased, backing off or dead-lettered.
   */
  readonly outbox: OutboxSnapshot;
  /** Whether every check passed. */
  readonly passed: boolean;
}

/** The host's usage outbox tables, read straight from its SQLite file. */
export interface OutboxSnapshot {
  /** Events not yet in a batch. */
  readonly unbatched: number;
  /** Batches still in the outbox (not delivered), at most 20, oldest first. */
  readonly batches: readonly {
    readonly id: number;
    readonly events: number;
    readonly attempts: number;
    /** ms from the snapshot to the next attempt (negative: due). */
    readonly nextAttemptInMs: number;
    /** ms from the snapshot to the lease's end (negative: expired); null when not leased. */
    readonly leaseEndsInMs: number | null;
    readonly lastError: string | null;
  }[];
  /** Batches still in the outbox, all of them. */
  readonly batchCount: number;
  /** Dead letters by `code: reason`. */
  readonly deadLetters: Readonly<Record<string, number>>;
}

function outboxSnapshot(db: Database.Database, now: number): OutboxSnapshot {
  const unbatched = (
    db.prepare('SELECT count(*) AS n FROM usage_outbox WHERE batch_id IS NULL').get() as {
      n: number;
    }
  ).n;
  const rows = db
    .prepare(
      `SELECT b.id, count(o.seq) AS events, b.attempts, b.next_attempt_at, b.lease_until, b.last_error
       FROM usage_batches b LEFT JOIN usage_outbox o ON o.batch_id = b.id
       GROUP BY b.id ORDER BY b.id`,
    )
    .all() as {
    id: number;
    events: number;
    attempts: number;
    next_attempt_at: number;
    lease_until: number | null;
    last_error: string | null;
  }[];
  const deadLetters: Record<string, number> = {};
  for (const d of db
    .prepare(
      'SELECT code, reason, count(*) AS n FROM usage_dead_letters GROUP BY code, reason ORDER BY n DESC',
    )
    .all() as { code: string | null; reason: string; n: number }[]) {
    deadLetters[`${d.code ?? '-'}: ${d.reason}`] = d.n;
  }
  return {
    unbatched,
    batchCount: rows.length,
    batches: rows.slice(0, 20).map((r) => ({
      id: r.id,
      events: r.events,
      attempts: r.attempts,
      nextAttemptInMs: r.next_attempt_at - now,
      leaseEndsInMs: r.lease_until === null ? null : r.lease_until - now,
      lastError: r.last_error,
    })),
    deadLetters,
  };
}

const MODELS = 12;
const USERS = ['olga', 'otto', 'sam', 'pete'] as const;

/** The fault phases, in order; the outage lasts `outageMs`, the others `phaseMs`. */
function faultPhases(outageMs: number): { name: string; faults: Fault[]; long?: boolean }[] {
  const plm = '/plm/**';
  return [
    { name: '30% 5xx', faults: [{ kind: 'error', status: 500, rate: 0.3, route: plm }] },
    {
      name: 'hangs',
      faults: [{ kind: 'latency', ms: 4000, rate: 0.5, route: plm }],
    },
    {
      name: '429 bursts + Retry-After',
      faults: [{ kind: 'rateLimit', retryAfterSeconds: 1, count: 40, route: plm }],
    },
    { name: 'token revocation', faults: [{ kind: 'revokeTokens', rate: 0.2, route: plm }] },
    {
      name: 'malformed bodies',
      faults: [
        { kind: 'malformedBody', variant: 'schema', rate: 0.3, route: plm },
        { kind: 'malformedBody', variant: 'syntax', rate: 0.3, route: plm },
      ],
    },
    { name: 'truncated bodies', faults: [{ kind: 'truncatedBody', rate: 0.3, route: plm }] },
    { name: 'connection resets', faults: [{ kind: 'connectionReset', rate: 0.3, route: plm }] },
    {
      name: `outage ${Math.round(outageMs / 1000)} s`,
      faults: [{ kind: 'outage', durationMs: outageMs, route: plm }],
      long: true,
    },
    { name: 'healthy', faults: [] },
  ];
}

const histogram = () =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000,
    numberOfSignificantValueDigits: 3,
  });

/**
 * Runs the soak and returns its report (it never throws for a failed check: `passed` says).
 *
 * @example
 * ```ts
 * const report = await runSoak({ durationMs: 20_000, outageMs: 4_000, phaseMs: 2_000 });
 * console.log(report.passed);
 * ```
 */
export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const durationMs = options.durationMs ?? 300_000;
  const outageMs = options.outageMs ?? 60_000;
  const phaseMs = options.phaseMs ?? 10_000;
  const workers = options.workers ?? 8;
  const kills = options.kills ?? 2;
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'mrp-soak-'));
  const sqlitePath = join(dir, 'mrp.sqlite');
  const mock: PlmMock = await startPlmMock({ seed: 1, models: MODELS });
  const port = await freePort();
  const env = {
    ...hostEnvForMock(mock.url, MODELS, 'enabled'),
    MRP_SQLITE_PATH: sqlitePath,
    PLM_TIMEOUT_MS: '1500',
    LOG_LEVEL: 'warn',
  };
  let host: HostProcess | undefined;
  let reader: Database.Database | undefined;
  let started = Date.now();
  const endpoints = new Map<string, hdr.Histogram>();
  const problemCodes: Record<string, number> = {};
  const violations: string[] = [];
  const acknowledged = new Set<string>();
  const phasesRun: string[] = [];
  let requests = 0;
  let withData = 0;
  let mappedProblems = 0;
  let cutByKill = 0;
  let killsDone = 0;
  try {
    host = await startHostProcess(env, { port });
    const baseUrl = host.url;
    const tokens = new Map<string, string>();
    for (const user of USERS) tokens.set(user, await loginAs(baseUrl, user));
    const selections = selectionsOf(mock);
    /** Work orders each user may read (their department's). */
    const known = new Map<string, string[]>(USERS.map((u) => [u, []]));
    /** Set while the host is down: workers wait for it instead of counting refused connections. */
    let restarting: Promise<void> | undefined;
    let killedAt = 0;
    const upstreamMarkers = [mock.url, 'ECONNRESET', 'socket hang up', 'Unexpected token'];

    const classify = (endpoint: string, status: number, contentType: string, body: unknown) => {
      requests++;
      const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
      const leaked = upstreamMarkers.find((m) => text.includes(m));
      if (leaked !== undefined) {
        violations.push(`${endpoint} ${status}: upstream text "${leaked}" in the answer`);
        return;
      }
      if (
        status >= 200 &&
        status < 300 &&
        contentType.includes('json') &&
        typeof body === 'object'
      ) {
        withData++;
        return;
      }
      const code = (body as { code?: unknown } | undefined)?.code;
      const isProblem =
        contentType.includes('application/problem+json') && typeof code === 'string';
      if (isProblem && (status < 500 || status === 503)) {
        mappedProblems++;
        problemCodes[`${status} ${code}`] = (problemCodes[`${status} ${code}`] ?? 0) + 1;
        return;
      }
      const logged = host?.errorLogs.at(-1)?.slice(0, 600) ?? 'no error log';
      violations.push(
        `${endpoint} ${status} ${contentType}: ${text.slice(0, 160)} — host log: ${logged}`,
      );
    };

    const one = async (worker: number, i: number) => {
      const user = USERS[(worker + i) % USERS.length]!;
      const token = tokens.get(user)!;
      const mine = known.get(user)!;
      const roll = (worker * 7919 + i * 104_729) % 10;
      let endpoint: string;
      let call: () => ReturnType<typeof callHost>;
      if (roll < 3 || mine.length === 0) {
        endpoint = 'POST /api/work-orders';
        const s = selections[(worker + i * 3) % selections.length]!;
        call = () =>
          callHost(baseUrl, token, 'POST', '/api/work-orders', {
            ...s,
            quantity: 1 + (i % 5),
            dueDate: '2027-06-01',
          });
      } else if (roll < 7) {
        endpoint = 'GET /api/work-orders/:id';
        const id = mine[(i * 31) % mine.length]!;
        call = () => callHost(baseUrl, token, 'GET', `/api/work-orders/${id}`);
      } else {
        endpoint = 'GET /api/work-orders';
        call = () =>
          callHost(baseUrl, token, 'GET', `/api/work-orders?pageSize=20&page=${1 + (i % 3)}`);
      }
      const t0 = performance.now();
      try {
        const res = await call();
        const ms = performance.now() - t0;
        if (!endpoints.has(endpoint)) endpoints.set(endpoint, histogram());
        endpoints.get(endpoint)!.recordValue(Math.max(1, Math.round(ms)));
        classify(endpoint, res.status, res.contentType, res.body);
        if (endpoint === 'POST /api/work-orders' && res.status === 201) {
          const id = (res.body as { id: string }).id;
          acknowledged.add(id);
          // Operators and supervisors of a department see each other's work orders.
          for (const u of USERS) {
            const sameDept = (u === 'olga' || u === 'sam') === (user === 'olga' || user === 'sam');
            if (sameDept) known.get(u)!.push(id);
          }
        }
      } catch (error) {
        // No answer: only acceptable for a request the SIGKILL cut (in flight at the kill).
        if (restarting !== undefined || Date.now() - killedAt < 2_000) cutByKill++;
        else violations.push(`${endpoint}: no answer (${String(error)})`);
      }
    };

    // The load window starts once the host is up; restarts extend it by their downtime.
    started = Date.now();
    let deadline = started + durationMs;
    const runWorker = async (worker: number) => {
      // Bounded: at most one request per 5 ms of the run per worker, and the deadline.
      for (let i = 0; i < durationMs / 5 && Date.now() < deadline; i++) {
        if (restarting !== undefined) await restarting;
        await one(worker, i);
      }
    };

    const chaos = async () => {
      const phases = faultPhases(outageMs);
      const killTimes: number[] = Array.from(
        { length: kills },
        (_, k) => started + ((k + 1) * durationMs) / (kills + 1),
      );
      for (let p = 0; Date.now() < deadline && p < 10_000; p++) {
        const phase = phases[p % phases.length]!;
        mock.faults.clear();
        if (phase.faults.length > 0) mock.faults.set(phase.faults);
        phasesRun.push(phase.name);
        log(`  fault phase: ${phase.name}`);
        const end = Math.min(deadline, Date.now() + (phase.long === true ? outageMs : phaseMs));
        while (Date.now() < end) {
          const nextKill = killTimes[killsDone];
          if (nextKill !== undefined && Date.now() >= nextKill) {
            log(`  SIGKILL host (pid ${host!.pid}) and restart`);
            let release!: () => void;
            restarting = new Promise<void>((resolve) => (release = resolve));
            killedAt = Date.now();
            await host!.kill();
            killsDone++;
            host = await startHostProcess(env, { port });
            deadline += Date.now() - killedAt;
            restarting = undefined;
            release();
          }
          await new Promise((resolve) =>
            setTimeout(resolve, Math.min(250, Math.max(1, end - Date.now()))),
          );
        }
      }
      mock.faults.clear();
    };

    await Promise.all([chaos(), ...Array.from({ length: workers }, (_, w) => runWorker(w))]);
    log(`  load done: ${requests} requests; draining the usage outbox`);

    // Drain: PLM healthy again; every work order in the database must get its one created event.
    // One read-write connection for the whole drain: a `readonly` open of a WAL database cannot
    // create the `-shm` file, so it fails ("unable to open database file") whenever it lands in the
    // moment the host has just closed or not yet reopened the database.
    const db = new Database(sqlitePath, { fileMustExist: true });
    reader = db;
    db.pragma('busy_timeout = 5000');
    const dbIds = (): string[] =>
      (db.prepare('SELECT id FROM work_orders ORDER BY id').all() as { id: number }[]).map((r) =>
        formatWorkOrderId(r.id),
      );
    const applied = () => {
      const counts = new Map<string, number>();
      for (const r of mock.events().applied) {
        if (r.event.type !== 'work_order.created') continue;
        counts.set(r.event.workOrderId, (counts.get(r.event.workOrderId) ?? 0) + 1);
      }
      return counts;
    };
    await waitFor(
      () => {
        const done = applied();
        return dbIds().every((id) => done.has(id));
      },
      {
        attempts: Math.ceil((options.drainTimeoutMs ?? 120_000) / 500),
        intervalMs: 500,
      },
    );
    const outbox = outboxSnapshot(db, Date.now());
    await host.stop();

    const ids = dbIds();
    const inDb = new Set(ids);
    const counts = applied();
    const lostWorkOrders = [...acknowledged].filter((id) => !inDb.has(id));
    const undeliveredEvents = ids.filter((id) => !counts.has(id));
    const appliedTwice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const resentUnderNewKey = mock
      .events()
      .receipts.filter((r) => r.status === 'duplicate' && !r.replay).length;
    const versionProblems: string[] = [];
    try {
      const rows = db
        .prepare(
          'SELECT work_order_id AS id, group_concat(version) AS versions FROM (SELECT * FROM work_order_versions ORDER BY work_order_id, version) GROUP BY work_order_id',
        )
        .all() as { id: number; versions: string }[];
      const withVersions = new Set(rows.map((r) => formatWorkOrderId(r.id)));
      for (const id of ids) if (!withVersions.has(id)) versionProblems.push(`${id}: no version`);
      for (const r of rows) {
        const v = r.versions.split(',').map(Number);
        if (!v.every((n, i) => n === i + 1))
          versionProblems.push(`${formatWorkOrderId(r.id)}: versions ${r.versions}`);
      }
      try {
        db.prepare('UPDATE work_order_versions SET quantity = quantity + 1').run();
        versionProblems.push('UPDATE of work_order_versions was not refused');
      } catch {
        // refused by the append-only trigger, as it must be
      }
    } finally {
      db.close();
    }
    const figures: Record<string, EndpointFigures> = {};
    for (const [name, h] of endpoints) {
      figures[name] = {
        count: h.totalCount,
        p50: h.getValueAtPercentile(50),
        p95: h.getValueAtPercentile(95),
        p99: h.getValueAtPercentile(99),
        max: h.maxValue,
      };
    }
    const passed =
      violations.length === 0 &&
      lostWorkOrders.length === 0 &&
      undeliveredEvents.length === 0 &&
      appliedTwice.length === 0 &&
      versionProblems.length === 0 &&
      // Every event of the soak names a model PLM has: nothing may end as a dead letter.
      Object.keys(outbox.deadLetters).length === 0 &&
      killsDone === kills &&
      acknowledged.size > 0;
    return {
      durationMs: Date.now() - started,
      requests,
      withData,
      mappedProblems,
      problemCodes,
      violations: violations.slice(0, 50),
      cutByKill,
      kills: killsDone,
      faultPhases: phasesRun,
      acknowledged: acknowledged.size,
      lostWorkOrders,
      undeliveredEvents,
      appliedTwice,
      resentUnderNewKey,
      versionProblems,
      endpoints: figures,
      outbox,
      passed,
    };
  } finally {
    if (reader?.open) reader.close();
    await host?.stop().catch(() => undefined);
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as the lines `npm run soak` prints. */
export function formatSoakReport(report: SoakReport): string {
  const pct = (n: number) => `${((100 * n) / Math.max(1, report.requests)).toFixed(2)} %`;
  const lines = [
    `chaos soak: ${(report.durationMs / 1000).toFixed(0)} s, ${report.kills} SIGKILL restarts, phases: ${[...new Set(report.faultPhases)].join(', ')}`,
    `requests answered: ${report.requests} — with data ${report.withData} (${pct(report.withData)}), mapped problem+json ${report.mappedProblems} (${pct(report.mappedProblems)}), violations ${report.violations.length}; cut by SIGKILL (unacknowledged) ${report.cutByKill}`,
    `problem codes: ${
      Object.entries(report.problemCodes)
        .map(([k, v]) => `${k} ×${v}`)
        .join(', ') || 'none'
    }`,
    `work orders acknowledged ${report.acknowledged}, lost ${report.lostWorkOrders.length}; usage events undelivered ${report.undeliveredEvents.length}, applied twice ${report.appliedTwice.length} (re-sent under a new key: ${report.resentUnderNewKey}); version problems ${report.versionProblems.length}`,
    '',
    `| endpoint | requests | p50 ms | p95 ms | p99 ms | max ms |`,
    `|---|---:|---:|---:|---:|---:|`,
    ...Object.entries(report.endpoints).map(
      ([name, f]) => `| ${name} | ${f.count} | ${f.p50} | ${f.p95} | ${f.p99} | ${f.max} |`,
    ),
    '',
    ...report.violations.slice(0, 10).map((v) => `violation: ${v}`),
    ...report.lostWorkOrders.slice(0, 10).map((v) => `lost: ${v}`),
    ...report.undeliveredEvents.slice(0, 10).map((v) => `undelivered: ${v}`),
    ...report.appliedTwice.slice(0, 10).map((v) => `applied twice: ${v}`),
    ...report.versionProblems.slice(0, 10).map((v) => `versions: ${v}`),
    `outbox at the end of the drain: ${report.outbox.unbatched} events unbatched, ${report.outbox.batchCount} batches not delivered, dead letters ${
      Object.entries(report.outbox.deadLetters)
        .map(([k, v]) => `${k} ×${v}`)
        .join('; ') || 'none'
    }`,
    ...report.outbox.batches.map(
      (b) =>
        `  batch ${b.id}: ${b.events} events, ${b.attempts} attempts, next attempt in ${b.nextAttemptInMs} ms, lease ${b.leaseEndsInMs === null ? 'none' : `ends in ${b.leaseEndsInMs} ms`}, last error: ${b.lastError ?? 'none'}`,
    ),
    report.passed ? 'PASSED' : 'FAILED',
  ];
  return lines.join('\n');
}
