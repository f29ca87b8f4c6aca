import type { ActiveFault, Fault } from './Fault.js';
import { Prng } from './internal/Prng.js';
import { validateFault } from './internal/validateFault.js';

/** The request a fault is matched against. */
export interface FaultRequest {
  readonly operationId: string;
  readonly path: string;
}

/** The faults that apply to one request, decided by {@link Faults.select}. */
export interface FaultSelection {
  /** Total added latency (ms). */
  readonly latencyMs: number;
  /** Token actions to perform before authentication. */
  readonly expireTokens: boolean;
  readonly revokeTokens: boolean;
  /** The fault that replaces the response, if any. */
  readonly terminal?: Fault;
  /** The fault that corrupts the real response, if any (only when there is no `terminal`). */
  readonly post?: Fault;
}

interface Entry {
  readonly id: string;
  readonly fault: Fault;
  readonly matchers: readonly ((r: FaultRequest) => boolean)[];
  readonly untilMs: number | undefined;
  remaining: number | undefined;
  hits: number;
}

const TERMINAL = new Set<Fault['kind']>([
  'error',
  'outage',
  'rateLimit',
  'maintenance',
  'connectionReset',
]);
const POST = new Set<Fault['kind']>([
  'malformedBody',
  'flapField',
  'truncatedBody',
  'dropResponse',
]);

function matcher(route: string): (r: FaultRequest) => boolean {
  if (!route.startsWith('/')) return (r) => r.operationId === route;
  const re = new RegExp(
    `^${route
      .split(/(\*\*|\*)/)
      .map((part) =>
        part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('')}$`,
  );
  return (r) => re.test(r.path);
}

/**
 * The faults set on a mock. Set them in code (`mock.faults.set(...)`) or over HTTP
 * (`POST /__admin/faults`); both land here. Random decisions (`rate`, latency distributions) come
 * from a stream seeded by the mock's `seed`, so a test run is reproducible.
 */
export class Faults {
  private entries: Entry[] = [];
  private seq = 0;
  private rng: Prng;

  /** @internal */
  constructor(
    private readonly seed: number,
    private readonly now: () => number,
  ) {
    this.rng = new Prng(seed ^ 0xfa017);
  }

  /**
   * Adds one or more faults (they stack; the first matching response-replacing fault wins).
   * Returns their ids.
   *
   * @throws {@link InvalidFaultError} when a fault is malformed (nothing is added then).
   * @example
   * ```ts
   * mock.faults.set({ kind: 'rateLimit', route: 'getCatalog', count: 1, retryAfterSeconds: 2 });
   * mock.faults.set([{ kind: 'latency', distribution: { type: 'uniform', min: 5, max: 20 } },
   *                  { kind: 'error', status: 500, rate: 0.2, route: '/plm/**' }]);
   * ```
   */
  set(faults: Fault | readonly Fault[]): string[] {
    const list = (Array.isArray(faults) ? faults : [faults]) as readonly unknown[];
    const checked = list.map(validateFault);
    const now = this.now();
    return checked.map((fault) => {
      const id = `F${++this.seq}`;
      const routes =
        fault.route === undefined
          ? []
          : typeof fault.route === 'string'
            ? [fault.route]
            : fault.route;
      this.entries.push({
        id,
        fault,
        matchers: routes.map(matcher),
        untilMs: fault.durationMs === undefined ? undefined : now + fault.durationMs,
        remaining: fault.count,
        hits: 0,
      });
      return id;
    });
  }

  /** Removes one fault by id; returns whether it existed. */
  remove(id: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    return this.entries.length !== before;
  }

  /** Removes every fault and restarts the seeded random stream. */
  clear(): void {
    this.entries = [];
    this.rng = new Prng(this.seed ^ 0xfa017);
  }

  /** The faults currently set. */
  list(): ActiveFault[] {
    this.expire();
    return this.entries.map((e) => ({
      id: e.id,
      fault: e.fault,
      hits: e.hits,
      ...(e.remaining !== undefined ? { remaining: e.remaining } : {}),
      ...(e.untilMs !== undefined ? { until: new Date(e.untilMs).toISOString() } : {}),
    }));
  }

  /**
   * Decides which faults apply to a request and consumes their counts. Only the faults that take
   * effect are consumed: a second 429 fault waits while the first one answers.
   * @internal
   */
  select(request: FaultRequest): FaultSelection {
    this.expire();
    let latencyMs = 0;
    let expireTokens = false;
    let revokeTokens = false;
    let terminal: Fault | undefined;
    let post: Fault | undefined;
    // Two passes: response-corrupting faults are only consumed when no fault replaced the response.
    for (const pass of ['pre', 'post'] as const) {
      if (pass === 'post' && terminal) break;
      for (const e of this.entries) {
        const kind = e.fault.kind;
        if (POST.has(kind) !== (pass === 'post')) continue;
        if ((TERMINAL.has(kind) && terminal) || (POST.has(kind) && post)) continue;
        if (e.matchers.length > 0 && !e.matchers.some((m) => m(request))) continue;
        const rate = e.fault.rate ?? 1;
        if (rate < 1 && this.rng.next() >= rate) continue;
        switch (e.fault.kind) {
          case 'latency':
            latencyMs += this.latency(e.fault);
            break;
          case 'expireTokens':
            expireTokens = true;
            break;
          case 'revokeTokens':
            revokeTokens = true;
            break;
          case 'error':
          case 'outage':
          case 'rateLimit':
          case 'maintenance':
          case 'connectionReset':
            terminal = e.fault;
            break;
          case 'malformedBody':
          case 'flapField':
          case 'truncatedBody':
          case 'dropResponse':
            post = e.fault;
            break;
        }
        e.hits++;
        if (e.remaining !== undefined) e.remaining--;
      }
    }
    this.entries = this.entries.filter((e) => e.remaining === undefined || e.remaining > 0);
    return {
      latencyMs,
      expireTokens,
      revokeTokens,
      ...(terminal ? { terminal } : {}),
      ...(post && !terminal ? { post } : {}),
    };
  }

  private latency(f: Extract<Fault, { kind: 'latency' }>): number {
    const d = f.distribution;
    if (!d) return f.ms ?? 0;
    if (d.type === 'uniform') return d.min + this.rng.next() * Math.max(0, d.max - d.min);
    const v = this.rng.normal(d.mean, d.stdDev);
    return Math.min(d.max ?? Number.POSITIVE_INFINITY, Math.max(d.min ?? 0, v));
  }

  private expire(): void {
    const now = this.now();
    this.entries = this.entries.filter((e) => e.untilMs === undefined || now < e.untilMs);
  }
}
